; stack_size - instructions that pop or push while the stack size changes or
; differs from the operand size, and write checks before state changes
; (SDM Vol. 2B POP, Vol. 2A ENTER and ARPL).
;
; Checked:
; - POP SS advances (E)SP with the size of the stack it pops from: from a
;   16-bit stack SP wraps within 16 bits (ESP 0002FFFC -> 00020000) even
;   when the new SS has B=1, for o32 and o16 pops; from a 32-bit stack the
;   whole ESP moves even when the new SS has B=0.
; - o32 ENTER on a 16-bit stack: FrameTemp (the EBP it loads and the frame
;   pointer it pushes) is the whole ESP, upper half included; SP moves
;   within 16 bits; the display copies come from SS:(EBP-4n) within 16 bits.
; - ENTER at ring 3 whose final ESP is on a supervisor page: #PF with error
;   code 7 at the ENTER, CR2 at the final ESP, ESP unchanged.
; - ARPL with a memory destination in a read-only segment: no fault when the
;   RPL already suffices (nothing is written, ZF=0); #GP(0) when it must
;   write.
; Under QEMU 7.2's TCG (run_under_qemu.sh) the POP SS checks and the first
; ARPL check pass; QEMU clears EBP's upper half in the o32 ENTER, does not
; check ENTER's final stack pointer, and lets ARPL write a read-only segment.

%include "paging.inc"

SEL_S16     equ SEL_FREE+0x00       ; data, base STK, limit FFFF, B=0
SEL_S32     equ SEL_FREE+0x08       ; data, base STK, 4 GiB, B=1
SEL_RO      equ SEL_FREE+0x10       ; read-only data, base STK, limit FFFF
STK         equ DATA_AREA           ; base of the test segments
SUPX        equ 0x314000            ; supervisor page below ...
USRX        equ 0x315000            ; ... a user page

EFL_ZF      equ 0x040

TEXT32
test_main:
    PRINT `stack_size\n`
    mov dword [GDT_BASE+SEL_S16], 0x0000FFFF | ((STK & 0xFFFF) << 16)
    mov dword [GDT_BASE+SEL_S16+4], 0x00009300 | ((STK >> 16) & 0xFF) | (STK & 0xFF000000)
    mov dword [GDT_BASE+SEL_S32], 0x0000FFFF | ((STK & 0xFFFF) << 16)
    mov dword [GDT_BASE+SEL_S32+4], 0x00CF9300 | ((STK >> 16) & 0xFF) | (STK & 0xFF000000)
    mov dword [GDT_BASE+SEL_RO], 0x0000FFFF | ((STK & 0xFFFF) << 16)
    mov dword [GDT_BASE+SEL_RO+4], 0x00009100 | ((STK >> 16) & 0xFF) | (STK & 0xFF000000)

    ; ---- POP SS ----
    mov ebx, esp
    mov dword [STK+0xFFFC], SEL_S32
    mov ax, SEL_S16
    mov ss, ax
    mov esp, 0x0002FFFC
    o32 pop ss
    mov ecx, esp
    mov ax, SEL_DATA32
    mov ss, ax
    mov esp, ebx
    CHECK_EQ ecx, 0x00020000, "o32 POP SS (B=1) from a 16-bit stack: ESP"

    mov word [STK+0xFFFE], SEL_S32
    mov ax, SEL_S16
    mov ss, ax
    mov esp, 0x0002FFFE
    o16 pop ss
    mov ecx, esp
    mov ax, SEL_DATA32
    mov ss, ax
    mov esp, ebx
    CHECK_EQ ecx, 0x00020000, "o16 POP SS (B=1) from a 16-bit stack: ESP"

    mov dword [STK+0xFFFC], SEL_S16
    mov ax, SEL_S32
    mov ss, ax
    mov esp, 0x0000FFFC
    o32 pop ss
    mov ecx, esp
    mov ax, SEL_DATA32
    mov ss, ax
    mov esp, ebx
    CHECK_EQ ecx, 0x00010000, "o32 POP SS (B=0) from a 32-bit stack: ESP"

    ; ---- o32 ENTER on a 16-bit stack ----
    ; Display entries the nesting level copies from SS:(EBP-4n), n = 1..3.
    mov dword [STK+0xFFE8], 0x11111111
    mov dword [STK+0xFFE4], 0x22222222
    mov dword [STK+0xFFE0], 0x33333333
    push ebp
    mov ax, SEL_S16
    mov ss, ax
    mov esp, 0x00010000
    mov ebp, 0x0001FFEC
    o32 enter 8, 36                     ; level 36 mod 32 = 4
    mov ecx, esp
    mov edx, ebp
    mov ax, SEL_DATA32
    mov ss, ax
    mov esp, ebx
    pop ebp
    CHECK_EQ edx, 0x0001FFFC, "o32 ENTER on a 16-bit stack: EBP (FrameTemp = whole ESP)"
    CHECK_EQ ecx, 0x0001FFE4, "o32 ENTER on a 16-bit stack: ESP"
    CHECK_EQ [STK+0xFFFC], 0x0001FFEC, "o32 ENTER on a 16-bit stack: saved EBP"
    CHECK_EQ [STK+0xFFF8], 0x11111111, "o32 ENTER on a 16-bit stack: display 1"
    CHECK_EQ [STK+0xFFF4], 0x22222222, "o32 ENTER on a 16-bit stack: display 2"
    CHECK_EQ [STK+0xFFF0], 0x33333333, "o32 ENTER on a 16-bit stack: display 3"
    CHECK_EQ [STK+0xFFEC], 0x0001FFFC, "o32 ENTER on a 16-bit stack: frame pointer"

    ; ---- ARPL on a read-only segment ----
    mov ax, SEL_RO
    mov fs, ax
    mov word [STK+0x10], 0x1233         ; RPL 3
    mov dx, 0x0001
    CLEAR_EXC
    or eax, 1                           ; ZF=0 before, so ZF=1 would be ARPL's
    arpl [fs:0x10], dx
    CHECK_FLAGS EFL_ZF, 0, "ARPL, RPL already higher: ZF"
    CHECK_EQ [V_COUNT], 0, "ARPL, RPL already higher, read-only segment: no fault"
    CHECK_MASK [STK+0x10], 0xFFFF, 0x1233, "ARPL, RPL already higher: selector unchanged"
    mov word [STK+0x10], 0x1230         ; RPL 0: must be raised, which writes
    mov dx, 0x0002
    CLEAR_EXC
    EXPECT_FAULT .arpl_done
.arpl:
    arpl [fs:0x10], dx
.arpl_done:
    CHECK_EXC 13, 0, .arpl, "ARPL that must write a read-only segment"
    CHECK_MASK [STK+0x10], 0xFFFF, 0x1230, "ARPL that faulted: selector unchanged"
    mov ax, SEL_DATA32
    mov fs, ax

    ; ---- ENTER whose final ESP is on a supervisor page (ring 3) ----
    call paging_identity_setup
    mov dword [PTE0(SUPX)], SUPX | PG_W | PG_P
    mov dword [PTE0(USRX)], USRX | PG_U | PG_W | PG_P
    call paging_enable
    CLEAR_EXC
    mov ebx, USRX+8
    mov eax, u_enter
    call call_user
    CHECK_EQ [V_COUNT], 1, "ENTER, final ESP on a supervisor page: fault count"
    CHECK_EQ [V_VEC], 14, "ENTER, final ESP on a supervisor page: vector"
    CHECK_EQ [V_ERR], 7, "ENTER, final ESP on a supervisor page: error code"
    CHECK_EQ [V_EIP], u_enter.enter, "ENTER, final ESP on a supervisor page: pushed EIP"
    CHECK_EQ [V_CR2], USRX+4-16, "ENTER, final ESP on a supervisor page: CR2"
    CHECK_EQ [V_ESP3], USRX+8, "ENTER, final ESP on a supervisor page: ESP unchanged"
    CLEAR_EXC
    mov ebx, USRX+24
    mov eax, u_enter
    call call_user
    CHECK_EQ [V_COUNT], 0, "ENTER with its final ESP on the user page: no fault"
    jmp test_pass

; Ring 3: ESP = EBX, then a frame of 16 bytes below the saved EBP.
u_enter:
    mov esp, ebx
.enter:
    enter 16, 0
    int 0x31

RESET_VECTOR
