; smc - self-modifying and cross-modifying code (SDM Vol. 3A 11.6
; "Self-Modifying Code").
;
; P6-family processors detect stores to code that is already fetched or
; cached at the same linear address, so modifications made through the
; fetch address need no serialization: (A) patching the very next
; instruction and a later one in the same block, (B) changing an immediate
; used by a later loop iteration, (C) REP MOVSB overwriting the code that
; follows it, (D) rewriting a routine (one byte, then all of it) between
; calls.
; (E) Writes through a different linear address (two pages mapped to one
; physical page) are only guaranteed to be seen after a serializing
; instruction (SDM 3A 11.6 last paragraph), so CPUID is executed between
; the write and the execution.
; Runs on the default (P6) model: the 486 needs a jump after SMC.

%include "paging.inc"

CODE_RAM    equ DATA_AREA           ; templates A-D are copied here (identity)
ALIAS_X     equ 0x400000            ; two linear pages ...
ALIAS_Y     equ 0x401000            ; ... on physical page ALIAS_PHYS
ALIAS_PHYS  equ 0x300000
PT1         equ PAGE_AREA+0x2000

%define RAM(tmpl, x) (CODE_RAM + ((x) - (tmpl)))

; COPY_TMPL src, len, dst (a plain loop: stores are the SMC under test)
%macro COPY_TMPL 3
    pushad
    mov esi, %1
    mov edi, %3
    mov ecx, %2
%%next:
    mov al, [esi]
    mov [edi], al
    inc esi
    inc edi
    dec ecx
    jnz %%next
    popad
%endmacro

TEXT32
test_main:
    PRINT `smc\n`

    ; ---- A: patch the next instruction, and one further on ----
    COPY_TMPL tmpl_a, tmpl_a_end-tmpl_a, CODE_RAM
    call CODE_RAM
    CHECK_MASK eax, 0xFF, 0x22, "A: store to the next instruction's immediate"
    CHECK_MASK eax, 0xFF00, 0x3300, "A: later JMP replaced by NOPs"
    call CODE_RAM               ; second run: the patched bytes stay patched
    CHECK_MASK eax, 0xFFFF, 0x3322, "A: second run of patched code"

    ; ---- B: immediate changed for the next loop iteration ----
    COPY_TMPL tmpl_b, tmpl_b_end-tmpl_b, CODE_RAM
    call CODE_RAM
    CHECK_EQ ebx, 1+2+3+4+5, "B: loop sees the immediate it modified"

    ; ---- C: REP MOVSB over the instructions that follow it ----
    COPY_TMPL tmpl_c, tmpl_c_end-tmpl_c, CODE_RAM
    call CODE_RAM
    CHECK_EQ eax, 0x600D, "C: REP MOVSB overwrote the following instruction"

    ; ---- D: routine rewritten between calls ----
    COPY_TMPL tmpl_d1, tmpl_d1_end-tmpl_d1, CODE_RAM
    call CODE_RAM
    CHECK_EQ eax, 0xD1, "D: first version"
    mov byte [CODE_RAM+1], 0xD2     ; patch B8 imm32 with single stores
    call CODE_RAM
    CHECK_EQ eax, 0xD2, "D: byte store to a cached routine"
    COPY_TMPL tmpl_d2, tmpl_d2_end-tmpl_d2, CODE_RAM
    call CODE_RAM
    CHECK_EQ eax, 0xD3D3, "D: whole routine replaced"

    ; ---- E: cross-modification through a second linear alias ----
    call paging_identity_setup
    mov edi, PT1
    mov ecx, 1
    call zero_pages
    mov dword [PD_ADDR+4], PT1 | PG_W | PG_P
    mov dword [PT1+0], ALIAS_PHYS | PG_W | PG_P
    mov dword [PT1+4], ALIAS_PHYS | PG_W | PG_P
    COPY_TMPL tmpl_e, tmpl_e_end-tmpl_e, ALIAS_PHYS
    call paging_enable
    call ALIAS_X
    CHECK_EQ eax, 0x1111, "E: code executed through alias X"
    mov dword [ALIAS_Y+1], 0x2222   ; write through Y
    call serialize
    call ALIAS_X
    CHECK_EQ eax, 0x2222, "E: write through Y seen when executing through X"
    call ALIAS_Y
    CHECK_EQ eax, 0x2222, "E: code executed through alias Y"
    mov dword [ALIAS_X+1], 0x3333   ; write through X
    call serialize
    call ALIAS_Y
    CHECK_EQ eax, 0x3333, "E: write through X seen when executing through Y"
    call ALIAS_X
    CHECK_EQ eax, 0x3333, "E: and through X itself"
    jmp test_pass

serialize:
    pushad
    xor eax, eax
    cpuid                       ; serializing (SDM 3A 9.3 / 11.6)
    popad
    ret

; ---------------- templates (copied to RAM, position independent
; except for RAM() references to themselves) ----------------
tmpl_a:
    mov byte [RAM(tmpl_a, .p1)+1], 0x22
.p1:
    mov al, 0x11                ; B0 11 -> B0 22
    mov word [RAM(tmpl_a, .p2)], 0x9090
.p2:
    jmp short .bad              ; EB xx -> 90 90
    mov ah, 0x33
    ret
.bad:
    mov ah, 0xEE
    ret
tmpl_a_end:

tmpl_b:
    mov ecx, 5
    xor ebx, ebx
.loop:
.p:
    add ebx, strict dword 1     ; 81 C3 imm32
    inc dword [RAM(tmpl_b, .p)+2]
    loop .loop
    ret
tmpl_b_end:

tmpl_c:
    mov esi, RAM(tmpl_c, .new)
    mov edi, RAM(tmpl_c, .target)
    mov ecx, .new_end-.new
    rep movsb
.target:
    mov eax, 0xBAD
    ret
.new:
    mov eax, 0x600D
.new_end:
tmpl_c_end:

tmpl_d1:
    mov eax, 0xD1               ; B8 D1 00 00 00
    ret
tmpl_d1_end:
tmpl_d2:
    mov eax, 0xD3D3
    ret
tmpl_d2_end:

tmpl_e:
    mov eax, 0x1111             ; B8 imm32: the immediate is at +1
    ret
tmpl_e_end:

RESET_VECTOR
