; jit_paths - loops and branches the translator handles in its own ways, each with a result
; computed from its iterations, so a wrong count, a lost pass or a stale flag shows:
; - a loop whose body's handler recomputes the CPU's attention flag (CMPXCHG8B sets ZF through
;   SetFlags): a loop must still make exactly the passes the interpreter makes;
; - SETcc and CMOVcc after flag producers (ADD, SUB, CMP, INC, DEC, TEST), on registers and
;   memory, at 8/16/32 bits (SDM Vol. 2B SETcc, Vol. 2A CMOVcc);
; - XCHG of registers, of a byte register pair and with memory;
; - RET, CALL through a register and memory, JMP through a jump table and LOOP: branches whose
;   targets are known only at run time, which translated code follows through the jump cache;
; - LEAVE, IMUL and MUL whose flags are dead, and MOV with a moffs operand.
; asm.jit_paths runs it interpreted, asm.jit.jit_paths translated and checked block by block,
; asm.jit_on.jit_paths translated and chained.

%include "pm.inc"

DATA        equ 0x200000

TEXT32
test_main:
    PRINT `jit_paths\n`

    ; ---- CMPXCHG8B loop: pass 1 fails the compare (EAX = 5 then), pass 2 stores ----
    mov dword [DATA], 5
    mov dword [DATA+4], 0
    xor eax, eax
    xor edx, edx
    mov ebx, 1
    xor ecx, ecx
    xor esi, esi
    jmp .cx8
.cx8:
    inc esi
    cmpxchg8b [DATA]
    jne .cx8
    CHECK_EQ esi, 2, "CMPXCHG8B loop: passes"
    CHECK_EQ [DATA], 1, "CMPXCHG8B loop: stored low dword"
    CHECK_EQ eax, 5, "CMPXCHG8B loop: EAX"

    ; ---- SETcc / CMOVcc: count and sum over i = 0..99 ----
    ; EBX = number of i with i < 37 (SETB after CMP), EDI = sum of max(i, 50) (CMOVB),
    ; [DATA+8] = number of odd i (SETNZ to memory after TEST), EBP = number of i where
    ; i - 1 is negative (SETS after DEC).
    xor ecx, ecx
    xor ebx, ebx
    xor edi, edi
    xor ebp, ebp
    mov dword [DATA+8], 0
.cond:
    cmp ecx, 37
    setb al
    movzx eax, al
    add ebx, eax
    mov eax, ecx
    mov edx, 50
    cmp eax, edx
    cmovb eax, edx
    add edi, eax
    test ecx, 1
    setnz byte [DATA+12]
    movzx eax, byte [DATA+12]
    add [DATA+8], eax
    mov eax, ecx
    dec eax
    sets al
    movzx eax, al
    add ebp, eax
    inc ecx
    cmp ecx, 100
    jne .cond
    CHECK_EQ ebx, 37, "SETB count"
    CHECK_EQ edi, 50*51 + (99*100/2 - 50*51/2), "CMOVB sum of max(i, 50)"
    CHECK_EQ [DATA+8], 50, "SETNZ to memory count"
    CHECK_EQ ebp, 1, "SETS after DEC count"

    ; CMOV from memory, 16-bit, condition false and true; the 16-bit form keeps the top half.
    mov dword [DATA+16], 0x1234ABCD
    mov eax, 0xFFFF0000
    cmp eax, eax            ; ZF = 1
    cmovne ax, [DATA+16]
    CHECK_EQ eax, 0xFFFF0000, "CMOVNE r16, m16 not taken"
    cmove ax, [DATA+16]
    CHECK_EQ eax, 0xFFFFABCD, "CMOVE r16, m16 taken"
    ; SETcc from the lazy flags (a producer in an earlier block) into a high byte register.
    mov edx, 0x11223344
    mov eax, 7
    sub eax, 8              ; CF = 1, SF = 1
    jmp .lazy
.lazy:
    setc dh
    CHECK_EQ edx, 0x11220144, "SETC DH from an earlier block's flags"
    setl dl                 ; SF != OF
    CHECK_EQ edx, 0x11220101, "SETL DL"

    ; ---- XCHG ----
    mov eax, 1
    mov ebx, 2
    xchg eax, ebx
    CHECK_EQ eax, 2, "XCHG EAX, EBX: EAX"
    CHECK_EQ ebx, 1, "XCHG EAX, EBX: EBX"
    mov ecx, 0x1122
    xchg ch, cl
    CHECK_EQ ecx, 0x2211, "XCHG CH, CL"
    mov dword [DATA+20], 0xCAFEF00D
    mov esi, 0x600D
    xchg [DATA+20], esi
    CHECK_EQ esi, 0xCAFEF00D, "XCHG m32, ESI: register"
    CHECK_EQ [DATA+20], 0x600D, "XCHG m32, ESI: memory"
    xchg ecx, eax           ; the one-byte form
    CHECK_EQ ecx, 2, "XCHG ECX, EAX: ECX"
    CHECK_EQ eax, 0x2211, "XCHG ECX, EAX: EAX"

    ; ---- Indirect branches: 300 calls through a register, memory and a jump table ----
    xor edi, edi            ; sum of what the callees add
    mov ecx, 100
.calls:
    mov eax, add_one
    call eax
    call [callee_ptr]
    mov eax, ecx
    and eax, 3
    jmp [jump_table+eax*4]
.after_table:
    loop .calls
    CHECK_EQ edi, 100*1 + 100*10 + 25*(100+200+300+400), "indirect calls and jumps: sum"

    ; RET with an immediate: the callee pops its argument.
    push dword 7
    call pop_arg
    CHECK_EQ eax, 7, "RET imm16: argument"

    ; ---- LEAVE; IMUL and MUL whose flags the next instruction overwrites; MOV with moffs ----
    mov dword [DATA+24], 0
    xor edi, edi
    mov esi, esp
    mov ecx, 50
.frames:
    call framed
    loop .frames
    CHECK_EQ edi, 10*(50*51/2) + 50*51*101/6, "IMUL and MUL in framed calls: sum"
    CHECK_EQ [DATA+24], 50*51/2, "MOV moffs: sum"
    mov ebx, esp
    CHECK_EQ ebx, esi, "LEAVE: stack pointer"
    mov eax, 0xABCD012C
    imul ax, ax, 300            ; 90000 = 15F90h: the low 16 bits only
    xor ebx, ebx
    CHECK_EQ eax, 0xABCD5F90, "IMUL r16, r/m16, imm16"
    mov eax, 0x10000
    imul eax, eax, 0x10000      ; 2^32 truncated to 0
    xor ebx, ebx
    CHECK_EQ eax, 0, "IMUL r32, r/m32, imm32: truncated"
    mov eax, -3
    mov edx, 5
    imul edx                    ; EDX:EAX = -15
    xor ebx, ebx
    CHECK_EQ eax, -15, "IMUL r/m32: EAX"
    CHECK_EQ edx, -1, "IMUL r/m32: EDX"
    jmp test_pass

add_one:
    inc edi
    ret
add_ten:
    add edi, 10
    ret
case0:
    add edi, 100
    jmp .done
.done:
    jmp test_main.after_table
case1:
    add edi, 200
    jmp test_main.after_table
case2:
    add edi, 300
    jmp test_main.after_table
case3:
    add edi, 400
    jmp test_main.after_table
pop_arg:
    mov eax, [esp+4]
    ret 4
; Adds 7n + n*n + 3n for n = ECX to EDI, and n to [DATA+24], in a frame LEAVE takes down.
framed:
    push ebp
    mov ebp, esp
    push ecx
    imul eax, [ebp-4], 7        ; IMUL r32, m32, imm8
    add edi, eax
    mov eax, ecx
    imul eax, ecx               ; IMUL r32, r/m32
    add edi, eax
    mov eax, ecx
    mov edx, 3
    mul edx                     ; EDX:EAX = 3n
    add edi, eax
    mov eax, [DATA+24]          ; A1: MOV EAX, moffs32
    add eax, ecx
    mov [DATA+24], eax          ; A3: MOV moffs32, EAX
    leave
    ret

align 4
callee_ptr: dd add_ten
jump_table: dd case0, case1, case2, case3

RESET_VECTOR
