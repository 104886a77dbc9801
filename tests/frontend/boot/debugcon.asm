; A boot sector for the --debugcon tests: writes a line with terminal control sequences to port
; 0xE9, then exits through port 0xF4 with the byte that reading port 0xE9 returned. A present
; debug console answers 0xE9 (status (0xE9 << 1 | 1) & 0xFF = 211); an absent port floats high
; (0xFF: status 255).
bits 16
org 0x7C00
    cld
    xor ax, ax
    mov ds, ax
    mov si, message
.next:
    lodsb
    test al, al
    jz .done
    out 0xE9, al
    jmp .next
.done:
    in al, 0xE9
    out 0xF4, al
    hlt

; ESC [2J clears a terminal; CR would move back over the line.
message: db 27, '[2J', 'E9 says hi', 13, 10, 0

times 510 - ($ - $$) db 0
dw 0xAA55
