; Register ALU and branch loop: 6 instructions per iteration, no memory operands.
%include "bench.inc"
ITERATIONS equ 40000000
TEXT32
bench_body:
    mov ecx, ITERATIONS
    xor eax, eax
    mov ebx, 0x12345
    xor esi, esi
.loop:
    add eax, ebx
    xor edx, eax
    sub ebx, 3
    inc esi
    dec ecx
    jnz .loop
    ret

RESET_VECTOR
