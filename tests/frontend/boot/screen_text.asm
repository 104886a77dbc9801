; A boot sector for the screen dump tests: prints a line through the BIOS teletype (INT 10h
; AH=0Eh) and waits with interrupts on, so the run ends only when a script or timeout ends it.
bits 16
org 0x7C00
    cld
    xor ax, ax
    mov ds, ax
    mov si, message
.next:
    lodsb
    test al, al
    jz .wait
    mov ah, 0x0E
    mov bx, 0x0007
    int 0x10
    jmp .next
.wait:
    sti
    hlt
    jmp .wait

message: db 'SCREEN DUMP MARK', 0

times 510 - ($ - $$) db 0
dw 0xAA55
