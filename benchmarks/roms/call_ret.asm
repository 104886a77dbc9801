; Near CALL/RET: 5 instructions per iteration (call, add, ret, dec, jnz).
%include "bench.inc"
ITERATIONS equ 30000000
TEXT32
bench_body:
    mov ecx, ITERATIONS
    xor eax, eax
.loop:
    call leaf
    dec ecx
    jnz .loop
    ret
leaf:
    add eax, ecx
    ret

RESET_VECTOR
