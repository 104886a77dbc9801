// The script language of `--script FILE`: how tests drive DOS and how users drive guests in CI.
//
// One command a line; blank lines and lines starting with '#' are ignored, and '#' outside a
// string starts a comment after a command too. Strings are in double quotes with the escapes
// \n \r \t \\ \" \e (escape, 0x1B), \b (backspace, 0x08) and \xHH (one byte); a backslash
// before any other character stands for itself, so "A:\>" is the DOS prompt as written (but a
// string ending in a backslash needs "\\"). A FILE may be a bare word or a string. SECONDS is a
// decimal number from 0 to kMaxSeconds (frontend/input_limits.h). A script is at most
// kMaxScriptBytes, a line at most kMaxScriptLineBytes, and no line holds a NUL byte.
//
//   wait screen "TEXT" SECONDS  Waits until TEXT appears on the text screen. The screen is
//                               read as `ScreenToText` gives it (frontend/screendump.h): CP437
//                               converted to UTF-8, rows trimmed of trailing spaces and joined
//                               with '\n', so "\n" in TEXT matches a row break and box
//                               characters are written as their Unicode (UTF-8) characters.
//                               In a graphics mode there is no text to match: the wait can only
//                               time out.
//   wait serial "TEXT" SECONDS  Waits until TEXT appears in the bytes the guest sent on COM1
//                               since the previous `wait serial` matched (or since the start);
//                               the bytes up to the end of the match are then consumed.
//   type "TEXT"                 Types TEXT on a US keyboard (Caps Lock off) with real scancodes:
//                               Left Shift for capitals and shifted punctuation, "\n" Enter,
//                               "\t" Tab, "\e" Escape, "\b" Backspace. Keys are held 40 ms and
//                               40 ms apart in guest time (frontend/key_typing.h); the command
//                               ends when the last key is released and the gap has passed.
//   key CHORD...                Presses one or more chords in turn. A chord is key names
//                               joined by '+': all but the last are held while the last is
//                               pressed, e.g. `key F8`, `key ctrl+alt+delete`, `key esc`,
//                               `key shift+tab down down enter`. Names (any case):
//                                 esc escape enter return tab backspace bs space f1..f12
//                                 shift lshift rshift ctrl control lctrl rctrl alt lalt ralt
//                                 altgr gui win lgui rgui rwin menu capslock numlock
//                                 scrolllock insert ins delete del home end pageup pgup
//                                 pagedown pgdn up down left right printscreen prtsc pause
//                                 kp0..kp9 kpperiod kpdot kpplus kpminus kpmultiply kpstar
//                                 kpdivide kpslash kpenter minus equals leftbracket lbracket
//                                 rightbracket rbracket semicolon apostrophe quote grave
//                                 backquote backslash comma period dot slash nonusbackslash
//                               and any single unshifted character of the US layout: a-z 0-9
//                               - = [ ] ; ' ` \ , . /
//   send "TEXT"                 Queues TEXT as bytes received on COM1.
//   screendump FILE             Writes the screen: text (UTF-8, one trimmed row a line) in text
//                               modes, a PNG of the rendered frame in graphics modes; a FILE
//                               ending in ".png" is always a PNG. Relative to the working
//                               directory.
//   digest                      Prints a digest of the machine's whole state and the number of
//                               instructions retired, as `--digest-at-exit` does at the end:
//                               "morph86: digest HEX after N instructions" on stderr. With
//                               --clock instructions and --rtc-base the same guest and script
//                               give the same line on every host.
//   sleep SECONDS               Lets the guest run for SECONDS of guest time.
//   quit STATUS                 Ends the run with exit status STATUS (0-255).
//
// Wait timeouts count host wall-clock seconds (a safety net for CI); a wait that times out ends
// the run with status kStatusWaitTimeout (frontend/script_runner.h), a one-line message naming
// the script line, and the screen at that moment on stderr. A screendump that cannot be written
// ends it with kStatusScriptError. When the script ends without `quit`, the machine keeps
// running until the guest stops or the session's timeout.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/key_typing.h"

namespace m86 {

struct ScriptCommand {
  enum class Kind { kWaitScreen, kWaitSerial, kType, kKey, kSend, kScreendump, kDigest, kSleep, kQuit };
  Kind kind = Kind::kQuit;
  int line = 0;             // 1-based line in the script file
  std::string text;         // the wait's text, the bytes to send, the dump's file name
  double seconds = 0;       // the wait's timeout, the sleep's length
  int status = 0;           // quit
  std::vector<KeyChord> chords;  // type, key
};

struct Script {
  std::string path;  // as given, for messages
  std::vector<ScriptCommand> commands;
};

// Parses a whole script. On the first error returns false with `error` set to
// "script PATH:LINE: message".
bool ParseScript(std::string_view source, const std::string& path, Script* out,
                 std::string* error);

// Reads and parses the file; errors as ParseScript's (or "script PATH: cannot read: reason").
bool LoadScript(const std::string& path, Script* out, std::string* error);

}  // namespace m86
