; string_ops - MOVS/STOS/LODS/CMPS/SCAS (SDM Vol. 2B instruction pages,
; Vol. 1 7.3.9 "String Operations", 7.3.9.3 REP prefixes).
;
; Checked: final ESI/EDI/ECX, memory and flags for byte/word/dword forms,
; DF=0 and DF=1, REP/REPE/REPNE termination, REP with ECX=0 (no iteration,
; flags unchanged), 16-bit addressing (0x67) in 32-bit code (only SI/DI/CX
; change and they wrap at 64 KiB), a segment override on the source
; operand (honoured) and on STOS (ignored: the destination is always ES),
; a non-zero ES base, and overlapping forward copies (element-by-element
; semantics).

%include "pm.inc"

SEL_SRCSEG  equ SEL_FREE+0x00       ; data, base = SRC
SEL_B1M     equ SEL_FREE+0x08       ; data, base = 0x100000
SRC         equ 0x200000
DST         equ 0x202000            ; 0xCC-filled scratch around it
SRC16       equ 0x8000              ; buffers reachable with 16-bit offsets
DST16       equ 0x9000
OVL         equ 0x204000            ; overlap tests

EFL_CF      equ 0x001
EFL_ZF      equ 0x040
EFL_ARITH   equ 0x8D5               ; OF SF ZF AF PF CF

%macro REGS 3
    mov esi, %1
    mov edi, %2
    mov ecx, %3
%endmacro
%macro CHECK_REGS 4
    CHECK_EQ esi, %1, {%4, ": ESI"}
    CHECK_EQ edi, %2, {%4, ": EDI"}
    CHECK_EQ ecx, %3, {%4, ": ECX"}
%endmacro
; CHECK_MEM a, b, len, "what": bytes at a and b are equal
%macro CHECK_MEM 4
    pushad
    mov esi, %1
    mov edi, %2
    mov ecx, %3
    call mem_diff
    CHECK_EQ eax, 0, {%4, ": memory (1 + index of first difference)"}
    popad
%endmacro

TEXT32
test_main:
    PRINT `string_ops\n`
    mov dword [GDT_BASE+SEL_SRCSEG], 0x0000FFFF | ((SRC & 0xFFFF) << 16)
    mov dword [GDT_BASE+SEL_SRCSEG+4], 0x00CF9300 | (SRC >> 16)
    mov dword [GDT_BASE+SEL_B1M], 0x0000FFFF
    mov dword [GDT_BASE+SEL_B1M+4], 0x00CF9310
    ; SRC[i] = i*7+3, scratch = 0xCC (filled without string instructions)
    xor ecx, ecx
.fill:
    lea eax, [ecx*8+3]
    sub eax, ecx
    mov [SRC+ecx], al
    mov byte [DST-0x100+ecx], 0xCC
    mov byte [DST+ecx], 0xCC
    mov byte [DST+0x100+ecx], 0xCC
    mov byte [SRC16+ecx], al
    inc ecx
    cmp ecx, 0x100
    jb .fill
    cld

    ; ---- MOVS, DF=0 ----
    REGS SRC, DST, 13
    rep movsb
    CHECK_REGS SRC+13, DST+13, 0, "REP MOVSB DF=0"
    CHECK_MEM SRC, DST, 13, "REP MOVSB DF=0"
    CHECK_MASK [DST+13], 0xFF, 0xCC, "REP MOVSB DF=0: no extra byte"
    REGS SRC, DST+0x20, 7
    rep movsw
    CHECK_REGS SRC+14, DST+0x20+14, 0, "REP MOVSW DF=0"
    CHECK_MEM SRC, DST+0x20, 14, "REP MOVSW DF=0"
    REGS SRC, DST+0x40, 5
    rep movsd
    CHECK_REGS SRC+20, DST+0x40+20, 0, "REP MOVSD DF=0"
    CHECK_MEM SRC, DST+0x40, 20, "REP MOVSD DF=0"
    CHECK_EQ [DST+0x40+20], 0xCCCCCCCC, "REP MOVSD DF=0: no extra dword"

    ; ---- MOVS, DF=1 ----
    std
    REGS SRC+12, DST+0x60+12, 4
    rep movsd
    cld
    CHECK_REGS SRC-4, DST+0x60-4, 0, "REP MOVSD DF=1"
    CHECK_MEM SRC, DST+0x60, 16, "REP MOVSD DF=1"
    CHECK_EQ [DST+0x60-4], 0xCCCCCCCC, "REP MOVSD DF=1: nothing below"
    CHECK_EQ [DST+0x60+16], 0xCCCCCCCC, "REP MOVSD DF=1: nothing above"
    std
    REGS SRC+9, DST+0x80+9, 10
    rep movsb
    cld
    CHECK_REGS SRC-1, DST+0x80-1, 0, "REP MOVSB DF=1"
    CHECK_MEM SRC, DST+0x80, 10, "REP MOVSB DF=1"
    std
    REGS SRC+2, DST+0x90+2, 1
    movsw                       ; no REP: one element, ECX untouched
    cld
    CHECK_REGS SRC, DST+0x90, 1, "MOVSW DF=1 without REP"

    ; ---- STOS ----
    mov eax, 0x1234BEEF
    REGS 0, DST+0xA0, 3
    rep stosw
    CHECK_REGS 0, DST+0xA6, 0, "REP STOSW"
    CHECK_EQ [DST+0xA0], 0xBEEFBEEF, "REP STOSW: data"
    CHECK_EQ [DST+0xA4], 0xCCCCBEEF, "REP STOSW: last word only"
    std
    REGS 0, DST+0xB8, 3
    rep stosd
    cld
    CHECK_REGS 0, DST+0xAC, 0, "REP STOSD DF=1"
    CHECK_EQ [DST+0xB0], 0x1234BEEF, "REP STOSD DF=1: data"
    CHECK_EQ [DST+0xAC], 0xCCCCCCCC, "REP STOSD DF=1: stops"
    mov al, 0x5A
    REGS 0, DST+0xC0, 1
    stosb
    CHECK_REGS 0, DST+0xC1, 1, "STOSB without REP"

    ; ---- LODS ----
    mov eax, 0x12345678
    REGS SRC+1, 0, 0
    lodsb
    CHECK_EQ eax, 0x1234560A, "LODSB: only AL loaded"
    CHECK_EQ esi, SRC+2, "LODSB: ESI"
    std
    lodsw
    cld
    CHECK_EQ eax, 0x12341811, "LODSW DF=1: AX loaded"
    CHECK_EQ esi, SRC, "LODSW DF=1: ESI"
    lodsd
    CHECK_EQ eax, 0x18110A03, "LODSD"
    REGS SRC, 0, 3
    rep lodsb
    CHECK_MASK eax, 0xFF, 0x11, "REP LODSB: last element in AL"
    CHECK_REGS SRC+3, 0, 0, "REP LODSB"

    ; ---- CMPS ----
    REGS SRC, DST, 32
    rep movsb
    inc byte [DST+5]            ; SRC[5] < DST[5]
    REGS SRC, DST, 10
    repe cmpsb
    CHECK_FLAGS EFL_ZF|EFL_CF, EFL_CF, "REPE CMPSB mismatch: ZF=0, CF=1 (src < dst)"
    CHECK_REGS SRC+6, DST+6, 4, "REPE CMPSB stops after the mismatch"
    REGS SRC, DST, 5
    repe cmpsb
    CHECK_FLAGS EFL_ZF, EFL_ZF, "REPE CMPSB all equal: ZF=1"
    CHECK_REGS SRC+5, DST+5, 0, "REPE CMPSB runs out"
    dec byte [DST+5]
    inc byte [DST+0]
    inc byte [DST+4]
    REGS SRC, DST, 8
    repne cmpsw                 ; word 0 differs, word 1 equal
    CHECK_FLAGS EFL_ZF, EFL_ZF, "REPNE CMPSW: stops on equal words"
    CHECK_REGS SRC+4, DST+4, 6, "REPNE CMPSW"
    dec byte [DST+0]
    dec byte [DST+4]

    ; ---- SCAS ----
    mov al, [SRC+9]
    REGS 0, SRC, 20
    repne scasb
    CHECK_FLAGS EFL_ZF, EFL_ZF, "REPNE SCASB found: ZF=1"
    CHECK_REGS 0, SRC+10, 10, "REPNE SCASB found"
    mov al, 0x01                ; not among SRC[0..15]
    REGS 0, SRC, 16
    repne scasb
    CHECK_FLAGS EFL_ZF, 0, "REPNE SCASB not found: ZF=0"
    CHECK_REGS 0, SRC+16, 0, "REPNE SCASB not found"
    mov dword [DST+0x10C], 0
    mov eax, 0xCCCCCCCC
    REGS 0, DST+0x100, 8
    repe scasd
    CHECK_FLAGS EFL_ZF, 0, "REPE SCASD: mismatch"
    CHECK_REGS 0, DST+0x110, 4, "REPE SCASD"

    ; ---- REP with ECX=0: nothing happens, flags kept ----
    REGS SRC, DST+0xD0, 0
    rep movsd
    CHECK_REGS SRC, DST+0xD0, 0, "REP MOVSD ECX=0"
    CHECK_EQ [DST+0xD0], 0xCCCCCCCC, "REP MOVSD ECX=0: memory"
    xor eax, eax                ; ZF=1 ...
    stc                         ; ... CF=1
    repne cmpsb
    CHECK_FLAGS EFL_ZF|EFL_CF, EFL_ZF|EFL_CF, "REPNE CMPSB ECX=0 keeps flags"
    CHECK_REGS SRC, DST+0xD0, 0, "REPNE CMPSB ECX=0"
    push dword EFL_ARITH|2      ; all six arithmetic flags set
    popfd
    repe scasb
    CHECK_FLAGS EFL_ARITH, EFL_ARITH, "REPE SCASB ECX=0 keeps flags"
    push dword 2                ; all clear
    popfd
    repne cmpsd
    CHECK_FLAGS EFL_ARITH, 0, "REPNE CMPSD ECX=0 keeps flags"

    ; ---- 16-bit addressing (0x67): SI/DI/CX only ----
    REGS 0xABCD0000|SRC16, 0x12340000|DST16, 0xFFFF0004
    a16 rep movsb
    CHECK_REGS 0xABCD0000|SRC16+4, 0x12340000|DST16+4, 0xFFFF0000, "a16 REP MOVSB"
    CHECK_MEM SRC16, DST16, 4, "a16 REP MOVSB"
    mov byte [0x0000], 0
    mov byte [0xFFFF], 0
    mov al, 0x77
    REGS 0, 0x5555FFFF, 0x00010002
    a16 rep stosb               ; DI wraps from FFFF to 0000
    CHECK_REGS 0, 0x55550001, 0x00010000, "a16 REP STOSB wrap"
    CHECK_MASK [0xFFFC], 0xFF000000, 0x77000000, "a16 STOSB at DI=FFFF"
    CHECK_MASK [0x0000], 0xFF, 0x77, "a16 STOSB after wrap to DI=0000"
    CHECK_MASK [0x10000], 0xFF, 0x00, "a16 STOSB must not write at 0x10000"
    std
    REGS 0x00010001, 0x00020001, 0x00000002
    a16 repe cmpsb              ; SI/DI 1 -> 0 -> FFFF
    cld
    CHECK_REGS 0x0001FFFF, 0x0002FFFF, 0, "a16 REPE CMPSB DF=1 wrap"

    ; ---- segment overrides and ES base ----
    mov ax, SEL_SRCSEG
    mov fs, ax
    REGS 0x40, DST+0xE0, 3
    fs rep movsd                ; source FS:ESI = SRC+0x40
    CHECK_REGS 0x4C, DST+0xEC, 0, "FS: REP MOVSD"
    CHECK_MEM SRC+0x40, DST+0xE0, 12, "FS: REP MOVSD reads FS:ESI"
    REGS 0x40, DST+0xE0, 12
    fs repe cmpsb
    CHECK_FLAGS EFL_ZF, EFL_ZF, "FS: REPE CMPSB compares FS:ESI with ES:EDI"
    mov byte [SRC+DST+0xF0], 0x11
    mov al, 0x99
    REGS 0, DST+0xF0, 1
    fs stosb                    ; override ignored: ES:EDI
    CHECK_MASK [DST+0xF0], 0xFF, 0x99, "FS STOSB writes ES:EDI"
    CHECK_MASK [SRC+DST+0xF0], 0xFF, 0x11, "FS STOSB must not write FS:EDI"
    mov ax, SEL_B1M
    mov es, ax
    mov al, 0x42
    REGS 0, DST+0xF1-0x100000, 1
    stosb
    mov ax, SEL_DATA32
    mov es, ax
    CHECK_MASK [DST+0xF1], 0xFF, 0x42, "STOSB honours the ES base"

    ; ---- overlapping forward copies: element by element ----
    mov dword [OVL], 0x44434241
    mov dword [OVL+4], 0
    REGS OVL, OVL+1, 8
    rep movsb
    CHECK_EQ [OVL], 0x41414141, "overlapping REP MOVSB replicates byte 0 (1)"
    CHECK_EQ [OVL+4], 0x41414141, "overlapping REP MOVSB replicates byte 0 (2)"
    CHECK_MASK [OVL+8], 0xFF, 0x41, "overlapping REP MOVSB replicates byte 0 (3)"
    mov dword [OVL+0x20], 0xCAFEF00D
    REGS OVL+0x20, OVL+0x24, 3
    rep movsd
    CHECK_EQ [OVL+0x2C], 0xCAFEF00D, "overlapping REP MOVSD replicates dword 0"
    jmp test_pass

; eax = 0 if ecx bytes at esi and edi match, else 1 + index of the first
; difference (plain loads: no string instructions)
mem_diff:
    push ebx
    xor eax, eax
.next:
    cmp eax, ecx
    jae .same
    mov bl, [esi+eax]
    cmp bl, [edi+eax]
    jne .diff
    inc eax
    jmp .next
.same:
    xor eax, eax
    pop ebx
    ret
.diff:
    inc eax
    pop ebx
    ret

RESET_VECTOR
