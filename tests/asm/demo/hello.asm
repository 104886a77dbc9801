; hello - morph86 demo ROM (real mode, runs on every CPU model).
;
; Build:  nasm -f bin -I tests/asm/lib/ -o hello.bin tests/asm/demo/hello.asm
; Run:    morph86 --machine bare --rom hello.bin
;
; The ROM starts at the reset vector, prints a greeting on the debug console
; (port 0xE9), names the CPU generation it finds (using the FLAGS tests
; described in the SDM's architecture-compatibility chapter), prints two
; computed tables and halts with interrupts disabled, which ends the run.

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
    mov al, 0x01
    out PORT_POST, al
    RPRINT `Hello from morph86!\n`
    RPRINT `This is a bare PC: no BIOS, only this 64 KiB ROM and RAM.\n`
    RPRINT "CPU: "
    call detect_cpu
    mov al, 0x02
    out PORT_POST, al

    RPRINT "First 15 primes:"
    mov cx, 15                  ; primes still to print
    mov bx, 2                   ; candidate
.next_candidate:
    mov si, 2                   ; trial divisor
.trial:
    mov ax, si
    mul si
    cmp ax, bx
    ja .is_prime                ; divisor^2 > candidate
    mov ax, bx
    xor dx, dx
    div si
    test dx, dx
    jz .not_prime
    inc si
    jmp .trial
.is_prime:
    RPRINT " "
    mov ax, bx
    call rm_print_dec16
    dec cx
    jz .primes_done
.not_prime:
    inc bx
    jmp .next_candidate
.primes_done:
    RPRINT `\n`
    mov al, 0x03
    out PORT_POST, al

    RPRINT "Fibonacci:"
    xor ax, ax                  ; F(n)
    mov bx, 1                   ; F(n+1)
    mov cx, 24
.fib:
    RPRINT " "
    call rm_print_dec16
    mov dx, ax
    add dx, bx
    mov ax, bx
    mov bx, dx
    loop .fib
    RPRINT `\n`
    mov al, 0x04
    out PORT_POST, al
    RPRINT `Goodbye (halting with interrupts disabled).\n`
    cli
    hlt
    jmp $-1

; Print the CPU generation. 32-bit instructions only run after the FLAGS
; tests proved the CPU is a 386 or later.
detect_cpu:
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
    RPRINT `8086/8088 (FLAGS bits 12-15 stuck at 1)\n`
    ret
.not_8086:
    or cx, 0xF000
    push cx
    popf
    pushf
    pop ax
    test ax, 0xF000
    jnz .is_386
    RPRINT `80286 (FLAGS bits 12-15 stuck at 0 in real mode)\n`
    ret
cpu 586
.is_386:
    pushfd
    pop eax
    mov ecx, eax
    xor eax, 1 << 18            ; AC
    push eax
    popfd
    pushfd
    pop eax
    push ecx
    popfd
    xor eax, ecx
    test eax, 1 << 18
    jnz .is_486
    RPRINT `80386 (EFLAGS.AC cannot be set)\n`
    ret
.is_486:
    pushfd
    pop eax
    mov ecx, eax
    xor eax, 1 << 21            ; ID
    push eax
    popfd
    pushfd
    pop eax
    push ecx
    popfd
    xor eax, ecx
    test eax, 1 << 21
    jnz .cpuid
    RPRINT `80486 without CPUID\n`
    ret
.cpuid:
    mov eax, 1
    cpuid
    shr ax, 8
    and ax, 0x0F
    RPRINT "CPUID family "
    call rm_print_dec16
    cmp ax, 5
    jb .family4
    je .family5
    RPRINT ` (Pentium Pro class)\n`
    ret
.family5:
    RPRINT ` (Pentium class)\n`
    ret
.family4:
    RPRINT ` (80486 class)\n`
    ret

RESET_VECTOR
