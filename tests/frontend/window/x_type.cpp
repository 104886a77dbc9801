// x_type TITLE TEXT: types TEXT into the top-level window whose title starts with TITLE, as
// X key events (XSendEvent; Xlib manual, "Sending Events to Other Applications"). Only
// lower-case letters, digits, space and "\n" (Return): enough to type a DOS command without
// modifiers. The window gets the input focus first; Xvfb runs no window manager to give it.
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/keysym.h>

#include <cstdio>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>

namespace {

// Set when the window is gone: the guest may act on the last key's press and quit, closing
// the window, before its release is sent.
bool window_gone = false;

int OnXError(Display*, XErrorEvent* error) {
  if (error->error_code == BadWindow) window_gone = true;
  return 0;
}

Window FindWindow(Display* display, Window window, const std::string& title) {
  char* name = nullptr;
  if (XFetchName(display, window, &name) && name) {
    const bool match = std::strncmp(name, title.c_str(), title.size()) == 0;
    XFree(name);
    if (match) return window;
  }
  Window root, parent, *children = nullptr;
  unsigned count = 0;
  if (!XQueryTree(display, window, &root, &parent, &children, &count)) return 0;
  Window found = 0;
  for (unsigned i = 0; i < count && !found; ++i) found = FindWindow(display, children[i], title);
  if (children) XFree(children);
  return found;
}

KeySym SymFor(char c) {
  if (c == '\n') return XK_Return;
  if (c == ' ') return XK_space;
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return static_cast<KeySym>(c);
  return NoSymbol;
}

void Send(Display* display, Window window, unsigned keycode, bool press) {
  XKeyEvent e{};
  e.type = press ? KeyPress : KeyRelease;
  e.display = display;
  e.window = window;
  e.root = DefaultRootWindow(display);
  e.subwindow = None;
  e.time = CurrentTime;
  e.same_screen = True;
  e.keycode = keycode;
  XSendEvent(display, window, True, press ? KeyPressMask : KeyReleaseMask,
             reinterpret_cast<XEvent*>(&e));
  XSync(display, False);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: x_type TITLE TEXT (\\n in TEXT is Return)\n");
    return 2;
  }
  std::string text;
  for (const char* p = argv[2]; *p; ++p) {
    if (p[0] == '\\' && p[1] == 'n') {
      text += '\n';
      ++p;
    } else {
      text += *p;
    }
  }
  Display* display = XOpenDisplay(nullptr);
  if (!display) {
    std::fprintf(stderr, "x_type: cannot open the X display\n");
    return 1;
  }
  const Window window = FindWindow(display, DefaultRootWindow(display), argv[1]);
  if (!window) {
    std::fprintf(stderr, "x_type: no window titled '%s...'\n", argv[1]);
    return 1;
  }
  XSetErrorHandler(OnXError);
  XSetInputFocus(display, window, RevertToParent, CurrentTime);
  XSync(display, False);
  // Held and spaced like a typist: each event reaches the window on its own, so the release
  // of one key and the press of the next never look like an auto-repeat pair.
  constexpr auto kGap = std::chrono::milliseconds(60);
  std::this_thread::sleep_for(kGap);
  for (char c : text) {
    if (window_gone) {
      std::fprintf(stderr, "x_type: the window closed while typing\n");
      break;
    }
    const KeySym sym = SymFor(c);
    const unsigned keycode = sym == NoSymbol ? 0 : XKeysymToKeycode(display, sym);
    if (!keycode) {
      std::fprintf(stderr, "x_type: cannot type '%c'\n", c);
      return 2;
    }
    Send(display, window, keycode, true);
    std::this_thread::sleep_for(kGap);
    Send(display, window, keycode, false);
    std::this_thread::sleep_for(kGap);
  }
  XCloseDisplay(display);
  return 0;
}
