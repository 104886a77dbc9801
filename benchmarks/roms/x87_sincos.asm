; x87 sin/cos table: for 1024 angles x = i * pi/512 (one full turn), FSINCOS, with sin(x) and
; cos(x) stored as float64 in two tables. Per angle: the FMUL that forms the angle and the two
; results of FSINCOS = 3 FLOPs, 9 instructions with the loop control.
; morph86-bench runs the same sequence natively (benchmarks/native_loops.cpp) and compares the
; 2048 stored results with the host x87's.
%include "bench.inc"
ITERATIONS equ 5000             ; passes over the table
TABLE_SIZE equ 1024
SINES      equ 0x200000
COSINES    equ SINES+TABLE_SIZE*8
SCRATCH    equ 0x220000
TEXT32
bench_body:
    X87_INIT
    mov edx, ITERATIONS
.pass:
    xor ecx, ecx
.angle:
    mov [SCRATCH], ecx
    fild dword [SCRATCH]
    fmul qword [step]           ; x = i * pi/512, rounded to 64 bits
    fsincos                     ; ST(0) = cos x, ST(1) = sin x
    fstp qword [COSINES+ecx*8]
    fstp qword [SINES+ecx*8]
    inc ecx
    cmp ecx, TABLE_SIZE
    jne .angle
    dec edx
    jnz .pass
    X87_CHECK
    ret

align 8
step:
    dq 0x3F7921FB54442D18       ; pi/512 as a float64

RESET_VECTOR
