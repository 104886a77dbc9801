; Memory loop: load, modify, store over a 64 KiB buffer, 7 instructions per iteration.
%include "bench.inc"
ITERATIONS equ 30000000
BUFFER     equ 0x200000
TEXT32
bench_body:
    mov ecx, ITERATIONS
    xor esi, esi
.loop:
    mov eax, [BUFFER+esi]
    add eax, ecx
    mov [BUFFER+esi], eax
    add esi, 4
    and esi, 0xFFFF
    dec ecx
    jnz .loop
    ret

RESET_VECTOR
