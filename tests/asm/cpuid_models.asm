; cpuid_models - CPU generation detection and CPUID (run once per model).
;
; Real mode only; everything up to the 386 test is 8086 code (NASM "cpu"
; directives enforce it). Detection follows the EFLAGS compatibility notes
; (SDM Vol. 3B ch. 22 "Architecture Compatibility", EFLAGS Register) and
; CPUID's description (SDM Vol. 2A CPUID, "ID flag"):
;   8086:  FLAGS bits 12-15 always read as 1
;   80286: in real mode bits 12-15 always read as 0
;   80386: EFLAGS.AC (bit 18) cannot be toggled (AC arrived with the 486)
;   CPUID: EFLAGS.ID (bit 21) can be toggled
; Two behaviours that also changed after the 8086 are cross-checked against
; the detected class: PUSH SP pushes the decremented SP only on the 8086,
; and only the 8086 does not mask shift counts to 5 bits (SDM Vol. 3B
; ch. 22, "PUSH SP" / "Shift or Rotate Count").
; Output: "cpu=8086", "cpu=80286", "cpu=80386 cpuid=no",
; "cpu=80486 cpuid=no" or "cpu=80486+ cpuid=yes vendor=... family=F
; model=M stepping=S features=EDX"; the CTest for each model greps for its
; expected part.

cpu 8086
%include "io16.inc"

TEXT16
rm_entry:
    cli
    cld
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7C00
    RPRINT `cpuid_models\n`
    ; Cross-checks usable on every model; results in BL (push sp), BH (shift).
    push sp
    pop ax
    xor bl, bl
    cmp ax, sp
    je .push_old
    mov bl, 1                   ; 8086 behaviour: decremented value pushed
.push_old:
    mov ax, 1
    mov cl, 33
    shl ax, cl                  ; 8086: 0; later CPUs shift by 33 & 31 = 1
    xor bh, bh
    cmp ax, 2
    je .masked
    mov bh, 1
.masked:
    ; FLAGS bits 12-15
    pushf
    pop ax
    mov cx, ax
    and ax, 0x0FFF
    push ax
    popf
    pushf
    pop ax
    and ax, 0xF000
    cmp ax, 0xF000
    jne .not_8086
    RPRINT `cpu=8086\n`
    cmp bx, 0x0101
    je .ok_8086
    RFAIL "8086 flags but PUSH SP / shift count behave like a later CPU"
.ok_8086:
    jmp rm_pass
.not_8086:
    test bx, bx
    jz .later_ok
    RFAIL "post-8086 flags but PUSH SP / shift count behave like an 8086"
.later_ok:
    or cx, 0xF000
    push cx
    popf
    pushf
    pop ax
    test ax, 0xF000
    jnz .not_286
    RPRINT `cpu=80286\n`
    jmp rm_pass

cpu 386
.not_286:
    ; EFLAGS.AC toggle
    pushfd
    pop eax
    mov ecx, eax
    xor eax, 1 << 18
    push eax
    popfd
    pushfd
    pop eax
    push ecx
    popfd
    xor eax, ecx
    test eax, 1 << 18
    jnz .not_386
    RPRINT `cpu=80386 cpuid=no\n`
    jmp rm_pass
.not_386:
    ; EFLAGS.ID toggle
    pushfd
    pop eax
    mov ecx, eax
    xor eax, 1 << 21
    push eax
    popfd
    pushfd
    pop eax
    push ecx
    popfd
    xor eax, ecx
    test eax, 1 << 21
    jnz .has_cpuid
    RPRINT `cpu=80486 cpuid=no\n`
    jmp rm_pass

cpu 586
.has_cpuid:
    RPRINT "cpu=80486+ cpuid=yes vendor="
    xor eax, eax
    cpuid
    mov esi, eax                ; highest standard leaf
    mov eax, ebx
    call print_4chars
    mov eax, edx
    call print_4chars
    mov eax, ecx
    call print_4chars
    cmp esi, 1
    jae .leaf1
    RFAIL "CPUID leaf 0 reports no leaf 1"
.leaf1:
    mov eax, 1
    cpuid
    mov esi, eax                ; version
    mov edi, edx                ; features
    RPRINT " family="
    mov eax, esi
    shr eax, 8
    and ax, 0x0F
    mov bp, ax                  ; family
    call rm_print_dec16
    RPRINT " model="
    mov eax, esi
    shr eax, 4
    and ax, 0x0F
    call rm_print_dec16
    RPRINT " stepping="
    mov ax, si
    and ax, 0x0F
    call rm_print_dec16
    RPRINT " features="
    mov eax, edi
    shr eax, 16
    call rm_print_hex16
    mov ax, di
    call rm_print_hex16
    RPRINT `\n`
    ; Consistency with the family (SDM Vol. 2A CPUID, Table 3-11):
    cmp bp, 4
    jae .fam_ok
    RFAIL "CPUID family below 4"
.fam_ok:
    cmp bp, 5
    jb .done
    test edi, 1 << 4
    jnz .tsc_ok
    RFAIL "family 5+ without TSC"
.tsc_ok:
    test edi, 1 << 8
    jnz .cx8_ok
    RFAIL "family 5+ without CMPXCHG8B"
.cx8_ok:
    cmp bp, 6
    jb .done
    test edi, 1 << 15
    jnz .done
    RFAIL "family 6 without CMOV"
.done:
    jmp rm_pass

; print the 4 ASCII bytes of EAX, low byte first
print_4chars:
    push ecx
    mov cx, 4
.c:
    out PORT_CONSOLE, al
    shr eax, 8
    loop .c
    pop ecx
    ret

RESET_VECTOR
