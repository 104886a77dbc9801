; x87_exceptions - x87 exception reporting and state images on the bare machine
; (SDM Vol. 1 8.1.10 Figures 8-9..8-12, 8.5 "x87 FPU Floating-Point Exception
; Conditions", 8.7 "Handling x87 FPU Exceptions in Software", D.2 "MS-DOS
; Compatibility Sub-mode"; Vol. 2A FXSAVE Table 3-53; Vol. 3A 2.5 Table 2-2).
;
; Checks: masked exceptions set their flags and deliver the default result;
; an unmasked one sets ES and B and, with CR0.NE=1, raises #MF (vector 16, no
; error code, the EIP of the waiting instruction) at the next FWAIT, while
; FNSTSW/FNSTCW/FNSTENV/FNCLEX/FNINIT do not wait; the saved FIP and FCS name
; the instruction that caused it. With CR0.NE=0 no #MF arrives and ES stays
; set (the FERR# line and IRQ 13 belong to the board: nothing to see from
; inside the bare machine). #NM for escapes with CR0.EM or CR0.TS, for WAIT
; only with MP and TS. The FNSAVE/FRSTOR images in the 32- and 16-bit
; protected-mode layouts and, where CPUID reports FXSR, the FXSAVE/FXRSTOR
; image (elsewhere FXSAVE is #UD).
; Left out because QEMU TCG does not implement them: #MF from a waiting x87
; instruction other than FWAIT (QEMU checks pending exceptions only in
; FWAIT), stack overflow/underflow (QEMU sets no IE/SF/C1 for them), and the
; reserved upper halves of the 32-bit environment image (QEMU stores 0000H,
; the P6 family FFFFH), FOP (QEMU stores 0) and FIP/FCS in the FXSAVE image
; (QEMU stores 0 in 32-bit mode). The unit tests (tests/unit/x87) cover these.
; No 80486 run: QEMU 7.2 aborts in its FERR# path with -cpu 486.

%include "pm.inc"

SAVE        equ DATA_AREA               ; FNSAVE/FSTENV images
FXAREA      equ DATA_AREA+0x1000        ; FXSAVE area (16-byte aligned)
SCRATCH     equ TVARS                   ; 32 bytes of operands
CW_ZE       equ TVARS+0x20              ; control word with ZM clear
FEAT_EDX    equ TVARS+0x24              ; CPUID.1:EDX

CR0_MP      equ 1 << 1
CR0_EM      equ 1 << 2
CR0_TS      equ 1 << 3
CR0_NE      equ 1 << 5

SW_ZE       equ 1 << 2
SW_ES       equ 1 << 7
SW_B        equ 1 << 15
SW_FLAGS    equ 0x3F

; CHECK_SW mask, expected, "what": the status word (FNSTSW AX does not wait).
%macro CHECK_SW 3
    fnstsw ax
    movzx eax, ax
    CHECK_MASK eax, %1, %2, %3
%endmacro

; X87_FAULT_CASE vector, error code, "what", instruction(s): the first
; instruction after the label must fault with this vector and error code.
%macro X87_FAULT_CASE 4+
    CLEAR_EXC
    EXPECT_FAULT %%done
%%insn:
    %4
%%done:
    CHECK_EXC %1, %2, %%insn, %3
%endmacro

%macro SET_CR0 2        ; bits to set, bits to clear
    mov eax, cr0
    or eax, %1
    and eax, ~(%2)
    mov cr0, eax
%endmacro

TEXT32
test_main:
    PRINT `x87_exceptions\n`
    SET_CR0 CR0_NE | CR0_MP, CR0_EM | CR0_TS
    mov word [CW_ZE], 0x037B
    xor eax, eax
    cpuid
    xor edx, edx
    cmp eax, 1
    jb .no_cpuid1
    mov eax, 1
    cpuid
.no_cpuid1:
    mov [FEAT_EDX], edx

    ; ---- FNINIT state ----
    fninit
    CHECK_SW 0xFFFF, 0, "FNINIT status word"
    fnstcw [SCRATCH]
    CHECK_EQ dword [SCRATCH], 0x037F, "FNINIT control word"

    ; ---- a masked exception: 1/0 = +inf with ZE, no #MF ----
    fld1
    fldz
    fdivp st1, st0
    fwait
    CHECK_SW SW_FLAGS | SW_ES | SW_B, SW_ZE, "masked ZE: flag only"
    fstp qword [SCRATCH]
    CHECK_EQ dword [SCRATCH], 0, "masked ZE: +inf low"
    CHECK_EQ dword [SCRATCH+4], 0x7FF00000, "masked ZE: +inf high"
    fnclex
    CHECK_SW SW_FLAGS | SW_ES | SW_B, 0, "FNCLEX clears the flags"

    ; ---- unmasked ZE with CR0.NE=1: #MF at the next FWAIT ----
    fninit
    fldcw [CW_ZE]
    fld1
    fldz
.bad_div:
    fdivp st1, st0
    fnstenv [SAVE]                      ; does not wait (and masks everything)
    fldenv [SAVE]                       ; back to the unmasked control word
    CHECK_EQ dword [SAVE+12], .bad_div, "FSTENV: FIP of the FDIVP"
    CHECK_MASK dword [SAVE+16], 0xFFFF, SEL_CODE32, "FSTENV: FCS"
    CHECK_SW SW_ZE | SW_ES | SW_B, SW_ZE | SW_ES | SW_B, "unmasked ZE: ES and B"
    fnstcw [SCRATCH]                    ; does not wait
    X87_FAULT_CASE 16, NO_ERR, "#MF at FWAIT", {fwait}
    X87_FAULT_CASE 16, NO_ERR, "#MF again: the handler cleared nothing", {fwait}
    CHECK_SW SW_ES, SW_ES, "ES still set after #MF"
    fnclex
    fwait                               ; nothing pending now

    ; ---- the same with CR0.NE=0: FERR#, no #MF ----
    SET_CR0 0, CR0_NE
    fninit
    fldcw [CW_ZE]
    fld1
    fldz
    fdivp st1, st0
    CLEAR_EXC
    fwait
    fld1
    CHECK_EQ [V_COUNT], 0, "CR0.NE=0: no #MF"
    CHECK_SW SW_ZE | SW_ES | SW_B, SW_ZE | SW_ES | SW_B, "CR0.NE=0: ES and B stay"
    fninit
    SET_CR0 CR0_NE, 0

    ; ---- #NM (SDM Vol. 3A, Table 2-2) ----
    SET_CR0 CR0_TS, 0
    X87_FAULT_CASE 7, NO_ERR, "escape with TS", {fld1}
    X87_FAULT_CASE 7, NO_ERR, "FNINIT with TS", {fninit}
    X87_FAULT_CASE 7, NO_ERR, "WAIT with MP and TS", {fwait}
    SET_CR0 0, CR0_MP
    fwait                               ; TS without MP: WAIT runs
    clts
    SET_CR0 CR0_EM, 0
    X87_FAULT_CASE 7, NO_ERR, "escape with EM", {fnop}
    fwait                               ; EM does not affect WAIT
    SET_CR0 CR0_MP, CR0_EM

    ; ---- FNSAVE/FRSTOR, 32-bit protected-mode layout ----
    fninit
    fld1
.last_fldpi:
    fldpi
    fnsave [SAVE]
    CHECK_MASK dword [SAVE+0], 0xFFFF, 0x037F, "FSAVE: CW"
    CHECK_MASK dword [SAVE+4], 0xFFFF, 0x3000, "FSAVE: SW (TOP 6)"
    CHECK_MASK dword [SAVE+8], 0xFFFF, 0x0FFF, "FSAVE: TW"
    CHECK_EQ dword [SAVE+12], .last_fldpi, "FSAVE: FIP"
    CHECK_MASK dword [SAVE+16], 0xFFFF, SEL_CODE32, "FSAVE: FCS"
    CHECK_EQ dword [SAVE+28], 0x2168C235, "FSAVE: ST0 = pi, low"
    CHECK_EQ dword [SAVE+32], 0xC90FDAA2, "FSAVE: ST0 = pi, middle"
    CHECK_MASK dword [SAVE+36], 0xFFFF, 0x4000, "FSAVE: ST0 = pi, exponent"
    CHECK_EQ dword [SAVE+38], 0, "FSAVE: ST1 = 1.0, low"
    CHECK_EQ dword [SAVE+42], 0x80000000, "FSAVE: ST1 = 1.0, middle"
    CHECK_MASK dword [SAVE+46], 0xFFFF, 0x3FFF, "FSAVE: ST1 = 1.0, exponent"
    CHECK_SW 0xFFFF, 0, "FSAVE initializes"
    frstor [SAVE]
    CHECK_SW 0xFFFF, 0x3000, "FRSTOR: SW"
    fstp tword [SCRATCH]
    CHECK_EQ dword [SCRATCH+4], 0xC90FDAA2, "FRSTOR: ST0"
    fld1
    fcompp
    CHECK_SW 0x4700, 0x4000, "FRSTOR: ST1 = 1.0"

    ; ---- 16-bit protected-mode layout (operand-size prefix) ----
    fninit
    fldz
    o16 fnsave [SAVE]
    CHECK_MASK dword [SAVE+0], 0xFFFF, 0x037F, "FSAVE16: CW"
    CHECK_MASK dword [SAVE+2], 0xFFFF, 0x3800, "FSAVE16: SW"
    CHECK_MASK dword [SAVE+4], 0xFFFF, 0x7FFF, "FSAVE16: TW (R7 zero)"
    CHECK_MASK dword [SAVE+8], 0xFFFF, SEL_CODE32, "FSAVE16: FCS"
    CHECK_MASK dword [SAVE+22], 0xFFFF, 0, "FSAVE16: ST0 exponent"
    o16 frstor [SAVE]
    CHECK_SW 0x3800, 0x3800, "FRSTOR16: TOP"
    fninit

    ; ---- FXSAVE/FXRSTOR where CPUID reports FXSR, #UD elsewhere ----
    test dword [FEAT_EDX], 1 << 24
    jnz .fxsr
    X87_FAULT_CASE 6, NO_ERR, "FXSAVE without FXSR", {fxsave [FXAREA]}
    jmp .fxsr_done
.fxsr:
    PRINT `fxsave\n`
    fninit
    fld1
    fldz
    fxsave [FXAREA]
    CHECK_MASK dword [FXAREA+0], 0xFFFFFFFF, 0x3000037F, "FXSAVE: FCW, FSW"
    CHECK_MASK dword [FXAREA+4], 0xFF, 0xC0, "FXSAVE: abridged FTW"
    CHECK_EQ dword [FXAREA+32], 0, "FXSAVE: ST0 = 0"
    CHECK_EQ dword [FXAREA+52], 0x80000000, "FXSAVE: ST1 = 1.0"
    CHECK_MASK dword [FXAREA+56], 0xFFFF, 0x3FFF, "FXSAVE: ST1 exponent"
    CHECK_SW 0x3800, 0x3000, "FXSAVE does not initialize"
    fninit
    fxrstor [FXAREA]
    CHECK_SW 0x3800, 0x3000, "FXRSTOR: TOP"
    fld1
    fcomp st2
    CHECK_SW 0x4500, 0x4000, "FXRSTOR: ST1 = 1.0"
    X87_FAULT_CASE 13, 0, "FXSAVE misaligned", {fxsave [FXAREA+8]}
.fxsr_done:
    fninit
    jmp test_pass

RESET_VECTOR
