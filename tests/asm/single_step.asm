; single_step - debug exceptions (SDM Vol. 3A chapter 17).
;
;  * EFLAGS.TF single-step traps (SDM 3A 17.3.1.4): one #DB after each
;    instruction, the pushed EIP is the next instruction, DR6.BS=1. A POPF
;    that sets TF does not trap itself; one that clears TF does. Taken
;    branches report the branch target. MOV SS suppresses the trap for the
;    following instruction (SDM 3A 6.8.3).
;  * Instruction breakpoint in DR0 (fault, EIP = breakpoint address,
;    DR6.B0) resumed with EFLAGS.RF=1 (SDM 3A 17.3.1.1); RF is cleared
;    after the instruction so the breakpoint fires again the next time.
;  * Data breakpoints in DR1 (SDM 3A 17.2.4, 17.3.1.2): write-only (RW=01)
;    ignores reads, traps after the write; read/write (RW=11) traps reads;
;    the 4-byte range matches a byte access inside it; L1=0 disables it.
; The #DB handler clears DR6 itself: DR6 bits are sticky (SDM 3A 17.2.3).

%include "pm.inc"

DB_N        equ TVARS               ; number of #DB seen
DB_SET_RF   equ TVARS+0x04          ; nonzero: set RF in the returned EFLAGS
WVAR        equ TVARS+0x10          ; watched dword
DB_EIPS     equ TVARS+0x40          ; up to 16 pushed EIPs
DB_DR6S     equ TVARS+0x80          ; and the DR6 value for each
MAX_LOG     equ 16

EFL_TF      equ 0x100
EFL_RF      equ 0x10000
DR6_BS      equ 0x4000

%macro RESET_LOG 0
    mov dword [DB_N], 0
%endmacro
; CHECK_LOG n, eip, dr6 mask, dr6 value, "what"
%macro CHECK_LOG 5
    CHECK_EQ [DB_EIPS+(%1)*4], %2, {%5, ": pushed EIP"}
    CHECK_MASK [DB_DR6S+(%1)*4], %3, %4, {%5, ": DR6"}
%endmacro

TEXT32
test_main:
    PRINT `single_step\n`
    SET_GATE 1, db_handler, GATE_INT0
    mov dword [DB_SET_RF], 0
    xor eax, eax
    mov dr6, eax
    mov dr7, eax

    ; ---- TF single-step ----
    RESET_LOG
    pushfd
    or dword [esp], EFL_TF
    popfd                       ; sets TF: no trap after this one
.s1:
    nop
.s2:
    mov eax, 1
.s3:
    jmp .s4                     ; taken branch: trap reports the target
    nop
.s4:
    add eax, 2
.s5:
    pushfd
.s6:
    and dword [esp], ~EFL_TF
.s7:
    popfd                       ; clears TF, but TF was set: traps after it
.s8:
    nop
    nop
    CHECK_EQ [DB_N], 7, "TF: number of single-step traps"
    CHECK_LOG 0, .s2, DR6_BS|0xF, DR6_BS, "TF trap 1 (after NOP)"
    CHECK_LOG 1, .s3, DR6_BS|0xF, DR6_BS, "TF trap 2 (after MOV)"
    CHECK_LOG 2, .s4, DR6_BS|0xF, DR6_BS, "TF trap 3 (after JMP)"
    CHECK_LOG 3, .s5, DR6_BS|0xF, DR6_BS, "TF trap 4 (after ADD)"
    CHECK_LOG 4, .s6, DR6_BS|0xF, DR6_BS, "TF trap 5 (after PUSHFD)"
    CHECK_LOG 5, .s7, DR6_BS|0xF, DR6_BS, "TF trap 6 (after AND)"
    CHECK_LOG 6, .s8, DR6_BS|0xF, DR6_BS, "TF trap 7 (after POPFD clearing TF)"
    CHECK_EQ eax, 3, "single-stepped code computed the right value"

    ; ---- MOV SS inhibits the single-step trap for one instruction
    ; (SDM 3A 6.8.3): first trap comes after the instruction following it.
    RESET_LOG
    mov ax, ss
    pushfd
    or dword [esp], EFL_TF
    popfd
    mov ss, ax
    nop
.ss_1:
    pushfd
.ss_2:
    and dword [esp], ~EFL_TF
    popfd
    CHECK_EQ [DB_N], 4, "MOV SS: number of single-step traps"
    CHECK_LOG 0, .ss_1, DR6_BS|0xF, DR6_BS, "MOV SS: first trap after the next instruction"
    CHECK_LOG 1, .ss_2, DR6_BS|0xF, DR6_BS, "MOV SS: trap after PUSHFD"

    ; ---- instruction breakpoint, DR0, resumed with RF ----
    mov eax, .bp_target
    mov dr0, eax
    mov eax, 0x00000001         ; L0=1, RW0=00 (execute), LEN0=00
    mov dr7, eax
    RESET_LOG
    mov dword [DB_SET_RF], 1
    mov ecx, 2
.bp_loop:
.bp_target:
    inc ebx
    dec ecx
    jnz .bp_loop
    mov dword [DB_SET_RF], 0
    xor eax, eax
    mov dr7, eax
    CHECK_EQ [DB_N], 2, "DR0 breakpoint: one fault per execution (RF cleared afterwards)"
    CHECK_LOG 0, .bp_target, DR6_BS|1, 1, "DR0 breakpoint 1 (fault, B0)"
    CHECK_LOG 1, .bp_target, DR6_BS|1, 1, "DR0 breakpoint 2"

    ; ---- data breakpoints, DR1 ----
    mov dword [WVAR], 0
    mov eax, WVAR
    mov dr1, eax
    mov eax, 0x00D00004         ; L1=1, RW1=01 (write), LEN1=11 (4 bytes)
    mov dr7, eax
    RESET_LOG
    mov eax, [WVAR]             ; read: no trap for a write breakpoint
    CHECK_EQ [DB_N], 0, "write breakpoint ignores reads"
    mov dword [WVAR], 0x55
.after_w:
    CHECK_EQ [DB_N], 1, "write breakpoint: trap count"
    CHECK_LOG 0, .after_w, DR6_BS|2, 2, "write breakpoint (trap, B1)"
    CHECK_EQ [WVAR], 0x55, "write breakpoint: data was written before the trap"
    RESET_LOG
    mov byte [WVAR+3], 0x66
.after_wb:
    CHECK_EQ [DB_N], 1, "byte write inside the 4-byte range traps"
    CHECK_LOG 0, .after_wb, DR6_BS|2, 2, "byte write breakpoint"
    mov eax, 0x00F00004         ; RW1=11: reads and writes
    mov dr7, eax
    RESET_LOG
    mov eax, [WVAR]
.after_r:
    CHECK_EQ [DB_N], 1, "read/write breakpoint traps a read"
    CHECK_LOG 0, .after_r, DR6_BS|2, 2, "read breakpoint"
    mov eax, 0x00F00000         ; L1=0: disabled
    mov dr7, eax
    RESET_LOG
    mov dword [WVAR], 1
    mov eax, [WVAR]
    CHECK_EQ [DB_N], 0, "disabled breakpoint must not trap"
    jmp test_pass

; #DB handler: log the pushed EIP and DR6, clear DR6, optionally set RF.
db_handler:
    push eax
    push ebx
    mov ebx, [DB_N]
    cmp ebx, MAX_LOG
    jae .full
    mov eax, [esp+8]
    mov [DB_EIPS+ebx*4], eax
    mov eax, dr6
    mov [DB_DR6S+ebx*4], eax
.full:
    inc dword [DB_N]
    xor eax, eax
    mov dr6, eax
    cmp dword [DB_SET_RF], 0
    je .norf
    or dword [esp+16], EFL_RF
.norf:
    pop ebx
    pop eax
    iretd

RESET_VECTOR
