; sse_fp - SSE/SSE2 floating point on the bare machine (SDM Vol. 1, 10.2.3 "MXCSR",
; 11.5 "SSE, SSE2 and SSE3 Exceptions"; Vol. 3A, 13.1.3-13.1.4 (CR4.OSFXSR, CR4.OSXMMEXCPT),
; 6.15 "Interrupt 19 - SIMD Floating-Point Exception (#XM)").
;
; Checks: with CR4.OSFXSR and OSXMMEXCPT set, scalar and packed arithmetic (ADDSS, MULSD,
; SQRTPS), conversions (CVTTSS2SI, CVTSI2SD, CVTSD2SS), COMISS flags, a masked divide by zero
; (+infinity and MXCSR.ZE), then the same division with ZM clear: #XM (vector 19, no error
; code, the EIP of the DIVSS) through the IDT, MXCSR.ZE set and the destination unchanged.
; Needs a model with SSE2 (--cpu core2; QEMU -cpu core2duo).
; QEMU 7.2 TCG passes every check up to the unmasked division, where it sets MXCSR.ZE but
; writes +infinity and raises nothing (it does not deliver #XM); the host-differential unit
; test (tests/unit/sse) compares #XM against the host processor instead.

%include "pm.inc"

SCRATCH     equ TVARS                   ; 16 bytes for MOVUPS/STMXCSR
CR0_MP      equ 1 << 1
CR0_EM      equ 1 << 2
CR0_TS      equ 1 << 3
CR4_OSFXSR  equ 1 << 9
CR4_OSXMMEXCPT equ 1 << 10
MXCSR_ZE    equ 1 << 2
MXCSR_ZM    equ 1 << 9

; CHECK_XMM_LOW xmm, value, "what": the low doubleword of an XMM register.
%macro CHECK_XMM_LOW 3
    movd eax, %1
    CHECK_EQ eax, %2, %3
%endmacro

; CHECK_MXCSR value, "what"
%macro CHECK_MXCSR 2
    stmxcsr [SCRATCH]
    CHECK_EQ dword [SCRATCH], %1, %2
%endmacro

TEXT32
test_main:
    PRINT `sse_fp\n`
    mov eax, cr0
    or eax, CR0_MP
    and eax, ~(CR0_EM | CR0_TS)
    mov cr0, eax
    mov eax, cr4
    or eax, CR4_OSFXSR | CR4_OSXMMEXCPT
    mov cr4, eax
    ldmxcsr [mxcsr_default]
    CHECK_MXCSR 0x1F80, "MXCSR after LDMXCSR"

    ; ---- arithmetic ----
    movss xmm0, [f_1_5]
    addss xmm0, [f_2_25]
    CHECK_XMM_LOW xmm0, 0x40700000, "ADDSS 1.5 + 2.25"
    movsd xmm1, [d_3]
    mulsd xmm1, [d_0_5]
    movq [SCRATCH], xmm1
    CHECK_EQ dword [SCRATCH], 0, "MULSD 3 * 0.5 (low)"
    CHECK_EQ dword [SCRATCH+4], 0x3FF80000, "MULSD 3 * 0.5 (high)"
    movups xmm2, [f_squares]
    sqrtps xmm2, xmm2
    movups [SCRATCH], xmm2
    CHECK_EQ dword [SCRATCH], 0x40000000, "SQRTPS lane 0"
    CHECK_EQ dword [SCRATCH+4], 0x40400000, "SQRTPS lane 1"
    CHECK_EQ dword [SCRATCH+8], 0x40800000, "SQRTPS lane 2"
    CHECK_EQ dword [SCRATCH+12], 0x40A00000, "SQRTPS lane 3"
    CHECK_MXCSR 0x1F80, "exact results raise nothing"

    ; ---- conversions ----
    cvttss2si eax, [f_m2_75]
    CHECK_EQ eax, -2, "CVTTSS2SI -2.75"
    mov eax, 7
    cvtsi2sd xmm3, eax
    cvtsd2ss xmm3, xmm3
    CHECK_XMM_LOW xmm3, 0x40E00000, "CVTSI2SD/CVTSD2SS 7"
    cvtss2si eax, [f_2_5]
    CHECK_EQ eax, 2, "CVTSS2SI 2.5 rounds to even"
    CHECK_MXCSR 0x1F80 | (1 << 5), "CVTSS2SI 2.5: PE"
    ldmxcsr [mxcsr_default]

    ; ---- COMISS: 1.5 < 3.75 sets CF only ----
    movss xmm4, [f_1_5]
    comiss xmm4, xmm0
    CHECK_FLAGS 0x8D5, 0x001, "COMISS less: CF"
    comiss xmm0, xmm0
    CHECK_FLAGS 0x8D5, 0x040, "COMISS equal: ZF"

    ; ---- masked divide by zero: +infinity and ZE ----
    movss xmm5, [f_1_5]
    xorps xmm6, xmm6
    divss xmm5, xmm6
    CHECK_XMM_LOW xmm5, 0x7F800000, "masked DIVSS by zero: +infinity"
    CHECK_MXCSR 0x1F80 | MXCSR_ZE, "masked DIVSS by zero: ZE"

    ; ---- unmasked: #XM through the IDT, no write ----
    ldmxcsr [mxcsr_zm_clear]
    movss xmm5, [f_1_5]
    CLEAR_EXC
    EXPECT_FAULT .after_div
.div:
    divss xmm5, xmm6
.after_div:
    CHECK_EXC 19, NO_ERR, .div, "#XM from an unmasked divide by zero"
    CHECK_MXCSR (0x1F80 & ~MXCSR_ZM) | MXCSR_ZE, "MXCSR.ZE after #XM"
    CHECK_XMM_LOW xmm5, 0x3FC00000, "#XM leaves the destination"
    ldmxcsr [mxcsr_default]
    jmp test_pass

align 16
mxcsr_default:  dd 0x1F80
mxcsr_zm_clear: dd 0x1F80 & ~MXCSR_ZM
f_1_5:          dd 0x3FC00000
f_2_25:         dd 0x40100000
f_2_5:          dd 0x40200000
f_m2_75:        dd 0xC0300000
d_3:            dq 0x4008000000000000
d_0_5:          dq 0x3FE0000000000000
f_squares:      dd 0x40800000, 0x41100000, 0x41800000, 0x41C80000

RESET_VECTOR
