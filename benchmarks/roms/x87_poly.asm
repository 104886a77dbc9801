; x87 polynomial loop: a degree-8 polynomial (the Taylor coefficients of e^x, float64 constants
; in the ROM) evaluated in Horner form over a table of 1024 float64 inputs, x = i/1024, with the
; results stored as float64. Per input: 8 FMUL + 8 FADD = 16 FLOPs, 23 instructions with the
; loop control.
; morph86-bench runs the same sequence natively (benchmarks/native_loops.cpp) and compares the
; 1024 stored results bit for bit.
%include "bench.inc"
ITERATIONS equ 4000             ; passes over the table
TABLE_SIZE equ 1024
INPUTS     equ 0x200000
OUTPUTS    equ 0x210000
SCRATCH    equ 0x220000
TEXT32
bench_body:
    X87_INIT
    ; Inputs i * 2^-10: exact, so every host starts from the same values.
    xor ecx, ecx
.fill:
    mov [SCRATCH], ecx
    fild dword [SCRATCH]
    fmul qword [inv_table_size]
    fstp qword [INPUTS+ecx*8]
    inc ecx
    cmp ecx, TABLE_SIZE
    jne .fill

    mov edx, ITERATIONS
.pass:
    xor ecx, ecx
.input:
    fld qword [INPUTS+ecx*8]    ; x
    fld qword [coef+8*8]        ; p = c8
%assign k 7
%rep 8
    fmul st0, st1               ; p *= x
    fadd qword [coef+k*8]       ; p += ck
%assign k k-1
%endrep
    fstp qword [OUTPUTS+ecx*8]
    fstp st0
    inc ecx
    cmp ecx, TABLE_SIZE
    jne .input
    dec edx
    jnz .pass
    X87_CHECK
    ret

align 8
; 1/k! for k = 0..8, as float64 bit patterns (the native loop uses the same bits).
coef:
    dq 0x3FF0000000000000, 0x3FF0000000000000, 0x3FE0000000000000, 0x3FC5555555555555
    dq 0x3FA5555555555555, 0x3F81111111111111, 0x3F56C16C16C16C17, 0x3F2A01A01A01A01A
    dq 0x3EFA01A01A01A01A
inv_table_size:
    dq 0x3F50000000000000       ; 2^-10

RESET_VECTOR
