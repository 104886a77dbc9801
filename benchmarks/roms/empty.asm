; Start-up cost: the same frame with nothing to run (subtracted from QEMU's wall time).
%include "bench.inc"
TEXT32
bench_body:
    ret

RESET_VECTOR
