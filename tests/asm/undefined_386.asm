; undefined_386 - what the 80386 does where the SDM leaves results or flags
; undefined, for --cpu 80386 only. The expected values are the ones measured
; on 386 hardware and published with test386.asm (its POST E0 table and its
; LEA table); later processors differ, so this ROM runs on the 80386 model
; alone (QEMU cannot model a 386).
;
; Checked:
; - AAA/AAS: SF ZF PF OF from the 8-bit AL+6 / AL-6 (AL+0 without adjust);
;   AAD CF AF OF from the 8-bit addition; AAM clears CF AF OF; DAA/DAS OF
;   from the whole adjustment.
; - SHL/SHR byte by 8, 16, 24 and word by 16: CF is the operand's low bit
;   (SHL) or high bit (SHR); OF follows from the result; AF is set; a count
;   of 32 changes nothing.
; - BT/BTC/BTR/BTS: OF as RCR through a clear CF by bit+1 would give.
; - RCR/RCL byte by 9, word by 17: CF and OF.
; - o32 POPA on a 16-bit stack loads ESP's upper half from the ESP slot.
; - LEA with a SIB byte whose index is 100b and scale is not 1: the scale
;   applies to the base register.

%include "pm.inc"

SEL_S16     equ SEL_FREE+0x00       ; data, base STK, limit FFFF, B=0
STK         equ DATA_AREA
SAVED_ESP   equ DATA_AREA+0x10000

F_CF equ 0x001
F_PF equ 0x004
F_AF equ 0x010
F_ZF equ 0x040
F_SF equ 0x080
F_OF equ 0x800
F_ARITH equ F_CF|F_PF|F_AF|F_ZF|F_SF|F_OF
F_CAO equ F_CF|F_AF|F_OF
F_PZSO equ F_PF|F_ZF|F_SF|F_OF

; BCDF op, ax, flags before, flags after (arithmetic flags only)
%macro BCDF 4
    push dword %3
    popfd
    mov ax, %2
    %1
    CHECK_FLAGS F_ARITH, %4, {%str(%1), " ", %str(%2), " flags ", %str(%3)}
%endmacro

; SHB op, al, cl, flags before, flags after / SHW op, ax, cl, ...
%macro SHB 5
    mov al, %2
    mov cl, %3
    push dword %4
    popfd
    %1 al, cl
    CHECK_FLAGS F_ARITH, %5, {"byte ", %str(%1), " ", %str(%2), " by ", %str(%3), " flags ", %str(%4)}
%endmacro
%macro SHW 5
    mov ax, %2
    mov cl, %3
    push dword %4
    popfd
    %1 ax, cl
    CHECK_FLAGS F_ARITH, %5, {"word ", %str(%1), " ", %str(%2), " by ", %str(%3), " flags ", %str(%4)}
%endmacro

; BTOP op, operand (ax/eax), offset register (cx/ecx), value, bit, flags
; before, flags after: the immediate and the register forms.
%macro BTOP 7
    push dword %6
    popfd
    mov eax, %4
    %1 %2, %5
    CHECK_FLAGS F_ARITH, %7, {%str(%1), " ", %str(%2), " imm ", %str(%4), ",", %str(%5), " flags ", %str(%6)}
    push dword %6
    popfd
    mov eax, %4
    mov ecx, %5
    %1 %2, %3
    CHECK_FLAGS F_ARITH, %7, {%str(%1), " ", %str(%2), " reg ", %str(%4), ",", %str(%5), " flags ", %str(%6)}
%endmacro
%macro BTF 4
    BTOP bt,  ax,  cx,  %1, %2, %3, %4
    BTOP btc, ax,  cx,  %1, %2, %3, %4
    BTOP btr, ax,  cx,  %1, %2, %3, %4
    BTOP bts, ax,  cx,  %1, %2, %3, %4
    BTOP bt,  eax, ecx, %1, %2, %3, %4
    BTOP btc, eax, ecx, %1, %2, %3, %4
    BTOP btr, eax, ecx, %1, %2, %3, %4
    BTOP bts, eax, ecx, %1, %2, %3, %4
%endmacro

TEXT32
test_main:
    PRINT `undefined_386\n`

    ; ---- decimal adjust ----
    BCDF aaa, 0x0000, 0,           F_PF|F_ZF
    BCDF aaa, 0x0001, F_PZSO,      0
    BCDF aaa, 0x007A, 0,           F_CF|F_AF|F_SF|F_OF
    BCDF aaa, 0x007B, F_AF,        F_CF|F_PF|F_AF|F_SF|F_OF
    BCDF aad, 0x0001, F_CAO,       0
    BCDF aad, 0x0D8E, 0,           F_CAO
    BCDF aad, 0x0106, 0,           F_AF
    BCDF aad, 0x01F7, 0,           F_CF|F_AF
    BCDF aam, 0x0000, 0,           F_ZF|F_PF
    BCDF aam, 0x0000, F_CAO,       F_ZF|F_PF
    BCDF aas, 0x0000, F_SF|F_OF,   F_PF|F_ZF
    BCDF aas, 0x0000, F_AF,        F_CF|F_PF|F_AF|F_SF
    BCDF aas, 0x0001, F_PZSO,      0
    BCDF aas, 0x0680, F_AF,        F_CF|F_AF|F_OF
    BCDF daa, 0x001A, F_AF|F_OF,   F_AF
    BCDF daa, 0x001A, F_CF,        F_CF|F_AF|F_SF|F_OF
    BCDF das, 0x0080, F_OF,        F_SF
    BCDF das, 0x0080, F_AF,        F_AF|F_OF

    ; ---- shifts by counts at and beyond the operand width ----
    SHB shr, 0x81,   1,  0,     F_CF|F_AF|F_OF
    SHB shr, 0x82,   2,  0,     F_CF|F_AF
    SHB shr, 0x80,   8,  0,     F_CF|F_PF|F_AF|F_ZF
    SHB shr, 0x00,   8,  F_CF,  F_PF|F_AF|F_ZF
    SHB shr, 0x80,   16, 0,     F_CF|F_PF|F_AF|F_ZF
    SHB shr, 0x00,   16, F_CF,  F_PF|F_AF|F_ZF
    SHB shr, 0x80,   24, 0,     F_CF|F_PF|F_AF|F_ZF
    SHB shr, 0x00,   24, F_CF,  F_PF|F_AF|F_ZF
    SHB shr, 0x80,   32, 0,     0
    SHW shr, 0x8000, 16, 0,     F_CF|F_PF|F_AF|F_ZF
    SHW shr, 0x0000, 16, F_CF,  F_PF|F_AF|F_ZF
    SHW shr, 0x8000, 32, 0,     0
    SHB shl, 0x81, 1,  0,       F_CF|F_AF|F_OF
    SHB shl, 0x41, 2,  0,       F_CF|F_AF|F_OF
    SHB shl, 0x01, 8,  0,       F_CF|F_PF|F_AF|F_ZF|F_OF
    SHB shl, 0x00, 8,  F_CF,    F_PF|F_AF|F_ZF
    SHB shl, 0x01, 16, 0,       F_CF|F_PF|F_AF|F_ZF|F_OF
    SHB shl, 0x00, 16, F_CF,    F_PF|F_AF|F_ZF
    SHB shl, 0x01, 24, 0,       F_CF|F_PF|F_AF|F_ZF|F_OF
    SHB shl, 0x00, 24, F_CF,    F_PF|F_AF|F_ZF
    SHB shl, 0x01, 32, 0,       0
    SHW shl, 0x01, 16, 0,       F_CF|F_PF|F_AF|F_ZF|F_OF
    SHW shl, 0x00, 16, F_CF,    F_PF|F_AF|F_ZF
    SHW shl, 0x01, 32, 0,       0

    ; ---- bit tests ----
    BTF 0x01, 0, 0,     F_CF
    BTF 0x01, 0, F_CF,  F_CF
    BTF 0x01, 1, 0,     F_OF
    BTF 0x01, 1, F_CF,  F_OF
    BTF 0x01, 2, 0,     F_OF
    BTF 0x01, 2, F_CF,  F_OF
    BTF 0x01, 3, 0,     0
    BTF 0x01, 3, F_CF,  0

    ; ---- rotates through carry by width + 1 ----
    SHB rcr, 0,      9,  0,           0
    SHB rcr, 0,      9,  F_CF|F_OF,   F_CF
    SHB rcr, 0x40,   9,  0,           F_OF
    SHB rcr, 0x40,   9,  F_CF|F_OF,   F_CF|F_OF
    SHW rcr, 0,      17, 0,           0
    SHW rcr, 0,      17, F_CF|F_OF,   F_CF
    SHW rcr, 0x4000, 17, 0,           F_OF
    SHW rcr, 0x4000, 17, F_CF|F_OF,   F_CF|F_OF
    SHB rcl, 0,      9,  0,           0
    SHB rcl, 0,      9,  F_CF|F_OF,   F_CF|F_OF
    SHB rcl, 0x80,   9,  0,           F_OF
    SHB rcl, 0x80,   9,  F_CF|F_OF,   F_CF
    SHW rcl, 0,      17, 0,           0
    SHW rcl, 0,      17, F_CF|F_OF,   F_CF|F_OF
    SHW rcl, 0x8000, 17, 0,           F_OF
    SHW rcl, 0x8000, 17, F_CF|F_OF,   F_CF

    ; ---- o32 POPA on a 16-bit stack ----
    mov dword [GDT_BASE+SEL_S16], 0x0000FFFF | ((STK & 0xFFFF) << 16)
    mov dword [GDT_BASE+SEL_S16+4], 0x00009300 | ((STK >> 16) & 0xFF) | (STK & 0xFF000000)


    mov dword [STK+0xFF00+3*4], 0xABCD1234   ; the ESP slot of the POPAD image
    mov [SAVED_ESP], esp
    mov ax, SEL_S16
    mov ss, ax
    mov esp, 0x0000FF00
    popad                               ; loads every register but ESP from zeros
    mov ecx, esp
    mov ax, SEL_DATA32
    mov ss, ax
    mov esp, [SAVED_ESP]
    CHECK_EQ ecx, 0xABCDFF20, "o32 POPA on a 16-bit stack: ESP"

    ; ---- LEA with a scaled SIB and no index ----
    mov ebx, 0x002
    mov ebp, 0x040
    mov edx, esp
    mov esp, 0x020
    db 0x8D, 0x04, 0x63                 ; lea eax, [ebx] with SIB scale 2, index none
    mov ecx, eax
    db 0x8D, 0x34, 0xA4                 ; lea esi, [esp] with SIB scale 4, index none
    db 0x8D, 0x7C, 0xE5, 0x08           ; lea edi, [ebp+8] with SIB scale 8, index none
    mov esp, edx
    CHECK_EQ ecx, 0x004, "LEA [EBX], SIB scale 2 without index"
    CHECK_EQ esi, 0x080, "LEA [ESP], SIB scale 4 without index"
    CHECK_EQ edi, 0x208, "LEA [EBP+8], SIB scale 8 without index"
    db 0x8D, 0x04, 0x65                 ; lea eax, [disp32] with SIB scale 2, no base
    dd 0x80000000
    CHECK_EQ eax, 0x80000000, "LEA [disp32], SIB scale 2 without index or base"
    jmp test_pass

RESET_VECTOR
