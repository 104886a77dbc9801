; task_switch - hardware task switching (SDM Vol. 3A chapter 7).
;
;  1. JMP to a TSS descriptor (task 0 -> A) and JMP back: registers saved in
;     and loaded from the TSSs (SDM 3A 7.2.1, 7.3), busy flags: old cleared,
;     new set; NT unchanged (0); previous-task link untouched (Table 7-2).
;  2. CALL through a task gate (task 0 -> B): NT set in B, B's link = task 0,
;     task 0 stays busy; IRET with NT=1 returns to task 0, clears B's busy
;     flag and the NT flag saved in B's TSS (SDM 3A 7.4, Table 7-2).
;  3. CR0.TS is set by every task switch (SDM 3A 2.5).
;  4. Faults: JMP to a busy TSS -> #GP(sel); IRET with NT=1 whose link
;     names a non-busy TSS -> #TS(sel) (SDM Vol. 2A IRET).

%include "pm.inc"

SEL_TSS1    equ SEL_FREE+0x00
SEL_TSS2    equ SEL_FREE+0x08
SEL_TGATE   equ SEL_FREE+0x10       ; task gate -> SEL_TSS2
TSS1        equ TSS_AREA
TSS2        equ TSS_AREA+0x100
SAVED_ESP   equ TVARS

; TSS field offsets (SDM 3A 7.2.1, Figure 7-2)
T_LINK  equ 0x00
T_CR3   equ 0x1C
T_EIP   equ 0x20
T_EFL   equ 0x24
T_EAX   equ 0x28
T_ECX   equ 0x2C
T_EDX   equ 0x30
T_EBX   equ 0x34
T_ESP   equ 0x38
T_EBP   equ 0x3C
T_ESI   equ 0x40
T_EDI   equ 0x44
T_ES    equ 0x48
T_CS    equ 0x4C
T_SS    equ 0x50
T_DS    equ 0x54
T_FS    equ 0x58
T_GS    equ 0x5C
T_IOMAP equ 0x66

; Type nibble of a GDT descriptor: 9 = available 32-bit TSS, 0xB = busy.
%macro CHECK_TYPE 3
    CHECK_MASK [GDT_BASE+%1+4], 0x0F00, (%2) << 8, %3
%endmacro

%macro CHECK_STR 2
    push eax
    xor eax, eax
    str ax
    CHECK_EQ eax, %1, %2
    pop eax
%endmacro

TEXT32
test_main:
    PRINT `task_switch\n`
    ; TSS descriptors (limit 0x67, type 9) and a task gate (type 5).
    mov dword [GDT_BASE+SEL_TSS1], 0x00000067 | (TSS1 << 16)
    mov dword [GDT_BASE+SEL_TSS1+4], 0x00008900
    mov dword [GDT_BASE+SEL_TSS2], 0x00000067 | (TSS2 << 16)
    mov dword [GDT_BASE+SEL_TSS2+4], 0x00008900
    mov dword [GDT_BASE+SEL_TGATE], SEL_TSS2 << 16
    mov dword [GDT_BASE+SEL_TGATE+4], 0x00008500
    mov ebx, TSS1
    mov dword [ebx+T_EIP], task_a
    mov dword [ebx+T_ESP], 0x60000
    mov dword [ebx+T_EAX], 0xA0A0A0A0
    call init_tss
    mov ebx, TSS2
    mov dword [ebx+T_EIP], task_b
    mov dword [ebx+T_ESP], 0x5F000
    mov dword [ebx+T_EAX], 0xB0B0B0B0
    call init_tss
    clts

    ; ---- 1. JMP to a TSS ----
    mov [SAVED_ESP], esp
    mov eax, 0x11111111
    mov ebx, 0x22222222
    mov ecx, 0x33333333
    mov edx, 0x44444444
    mov esi, 0x55555555
    mov edi, 0x66666666
    mov ebp, 0x77777777
    jmp SEL_TSS1:0              ; offset ignored
.back_from_a:
    CHECK_EQ eax, 0x11111111, "task 0 EAX restored from its TSS"
    CHECK_EQ ebx, 0x22222222, "task 0 EBX restored"
    CHECK_EQ ecx, 0x33333333, "task 0 ECX restored"
    CHECK_EQ edx, 0x44444444, "task 0 EDX restored"
    CHECK_EQ esi, 0x55555555, "task 0 ESI restored"
    CHECK_EQ edi, 0x66666666, "task 0 EDI restored"
    CHECK_EQ ebp, 0x77777777, "task 0 EBP restored"
    mov eax, esp                ; (CHECK_EQ itself pushes, so copy ESP first)
    CHECK_EQ eax, [SAVED_ESP], "task 0 ESP restored"
    CHECK_STR SEL_TSS0, "TR after JMP back to task 0"
    CHECK_TYPE SEL_TSS0, 0xB, "task 0 busy again"
    CHECK_TYPE SEL_TSS1, 0x9, "task A busy flag cleared by JMP away"
    CHECK_EQ [TSS1+T_EIP], task_a.jmp_back_done, "task A TSS: saved EIP"
    CHECK_EQ [TSS1+T_EAX], 0xAAAA0001, "task A TSS: saved EAX"
    CHECK_EQ [TSS1+T_EDI], 0xAAAA0006, "task A TSS: saved EDI"
    CHECK_EQ [TSS1+T_LINK], 0, "JMP leaves task A's link field alone"
    mov eax, cr0
    CHECK_MASK eax, 8, 8, "CR0.TS set by the task switch"
    clts

    ; ---- 2. CALL through a task gate, IRET back ----
    mov ebx, 0x12345678
    call SEL_TGATE:0
.back_from_b:
    CHECK_EQ ebx, 0x12345678, "task 0 EBX restored after IRET from task B"
    CHECK_STR SEL_TSS0, "TR after IRET from task B"
    CHECK_TYPE SEL_TSS2, 0x9, "IRET clears task B's busy flag"
    CHECK_TYPE SEL_TSS0, 0xB, "task 0 still busy"
    CHECK_FLAGS 0x4000, 0, "task 0 NT=0 after return (from its TSS image)"
    CHECK_EQ [TSS2+T_EIP], task_b.iret_done, "task B TSS: saved EIP"
    CHECK_EQ [TSS2+T_EBX], 0xBBBB0001, "task B TSS: saved EBX"
    CHECK_MASK [TSS2+T_EFL], 0x4000, 0, "IRET clears NT in task B's saved EFLAGS"
    CHECK_EQ [TSS2+T_LINK], SEL_TSS0, "task B link field still names task 0"
    mov eax, cr0
    CHECK_MASK eax, 8, 8, "CR0.TS set by IRET task switch"
    clts

    ; ---- 4. faults ----
    CLEAR_EXC
    EXPECT_FAULT .busy_done
.busy_jmp:
    jmp SEL_TSS0:0
.busy_done:
    CHECK_EXC 13, SEL_TSS0, .busy_jmp, "JMP to busy TSS"
    mov word [TSS0_BASE+T_LINK], SEL_TSS1   ; available, not busy
    CLEAR_EXC
    EXPECT_FAULT .nt_done
    pushfd
    or dword [esp], 0x4000      ; NT
    popfd
.nt_iret:
    iretd
.nt_done:
    pushfd
    and dword [esp], ~0x4000
    popfd
    CHECK_EXC 10, SEL_TSS1, .nt_iret, "IRET with NT=1 to a non-busy TSS"
    CHECK_MASK [V_EFL], 0x4000, 0x4000, "#TS frame holds NT=1"
    jmp test_pass

; ebx = TSS: common fields of a fresh ring-0 task
init_tss:
    mov dword [ebx+T_LINK], 0
    mov dword [ebx+T_CR3], 0
    mov dword [ebx+T_EFL], 0x00000002
    mov dword [ebx+T_CS], SEL_CODE32
    mov dword [ebx+T_SS], SEL_DATA32
    mov dword [ebx+T_DS], SEL_DATA32
    mov dword [ebx+T_ES], SEL_DATA32
    mov dword [ebx+T_FS], SEL_DATA32
    mov dword [ebx+T_GS], SEL_DATA32
    mov word [ebx+T_IOMAP], 0x68
    ret

task_a:
    CHECK_EQ eax, 0xA0A0A0A0, "task A: EAX loaded from its TSS"
    mov ecx, esp
    CHECK_EQ ecx, 0x60000, "task A: ESP loaded from its TSS"
    CHECK_STR SEL_TSS1, "task A: TR"
    CHECK_TYPE SEL_TSS1, 0xB, "task A: own TSS busy"
    CHECK_TYPE SEL_TSS0, 0x9, "task A: JMP cleared task 0's busy flag"
    CHECK_FLAGS 0x4000, 0, "task A: NT=0 after JMP"
    CHECK_EQ [TSS0_BASE+T_EIP], test_main.back_from_a, "task 0 TSS: saved EIP"
    CHECK_EQ [TSS0_BASE+T_EAX], 0x11111111, "task 0 TSS: saved EAX"
    CHECK_EQ [TSS0_BASE+T_ECX], 0x33333333, "task 0 TSS: saved ECX"
    CHECK_EQ [TSS0_BASE+T_EDX], 0x44444444, "task 0 TSS: saved EDX"
    CHECK_EQ [TSS0_BASE+T_EBX], 0x22222222, "task 0 TSS: saved EBX"
    mov eax, [SAVED_ESP]
    CHECK_EQ [TSS0_BASE+T_ESP], eax, "task 0 TSS: saved ESP"
    CHECK_EQ [TSS0_BASE+T_EBP], 0x77777777, "task 0 TSS: saved EBP"
    CHECK_EQ [TSS0_BASE+T_ESI], 0x55555555, "task 0 TSS: saved ESI"
    CHECK_EQ [TSS0_BASE+T_EDI], 0x66666666, "task 0 TSS: saved EDI"
    CHECK_MASK [TSS0_BASE+T_CS], 0xFFFF, SEL_CODE32, "task 0 TSS: saved CS"
    CHECK_MASK [TSS0_BASE+T_SS], 0xFFFF, SEL_DATA32, "task 0 TSS: saved SS"
    CHECK_MASK [TSS0_BASE+T_DS], 0xFFFF, SEL_DATA32, "task 0 TSS: saved DS"
    mov eax, 0xAAAA0001
    mov edi, 0xAAAA0006
    jmp SEL_TSS0:0
.jmp_back_done:
    FAIL "task A resumed unexpectedly"

task_b:
    CHECK_EQ eax, 0xB0B0B0B0, "task B: EAX loaded from its TSS"
    CHECK_STR SEL_TSS2, "task B: TR (via task gate)"
    CHECK_FLAGS 0x4000, 0x4000, "task B: NT=1 after CALL"
    CHECK_EQ [TSS2+T_LINK], SEL_TSS0, "task B: link = task 0"
    CHECK_TYPE SEL_TSS0, 0xB, "task B: CALL keeps task 0 busy"
    CHECK_TYPE SEL_TSS2, 0xB, "task B: own TSS busy"
    CHECK_EQ [TSS0_BASE+T_EIP], test_main.back_from_b, "task 0 TSS: EIP saved by CALL"
    mov ebx, 0xBBBB0001
    iretd                       ; NT=1: return to the task named by the link
.iret_done:
    FAIL "task B resumed unexpectedly"

RESET_VECTOR
