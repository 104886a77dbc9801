; REP MOVSD: copies 16 KiB per iteration between two buffers (6 instructions per iteration,
; one of them moving 4096 dwords); reported as bytes per second.
%include "bench.inc"
ITERATIONS equ 40000
SOURCE     equ 0x200000
DEST       equ 0x300000
TEXT32
bench_body:
    mov edx, ITERATIONS
    cld
.loop:
    mov esi, SOURCE
    mov edi, DEST
    mov ecx, 4096
    rep movsd
    dec edx
    jnz .loop
    ret

RESET_VECTOR
