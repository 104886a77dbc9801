#include "frontend/screendump.h"

#include "frontend/cp437.h"
#include "frontend/output_file.h"
#include "frontend/png_writer.h"

namespace m86 {
namespace {

std::string RowText(const TextScreen& screen, int row) {
  std::string text;
  for (int column = 0; column < screen.columns; ++column) {
    AppendCp437(screen.CharAt(row, column), &text);
  }
  text.erase(text.find_last_not_of(' ') + 1);
  return text;
}

bool EndsWithPng(const std::string& path) {
  if (path.size() < 4) return false;
  std::string tail = path.substr(path.size() - 4);
  for (char& c : tail) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return tail == ".png";
}

}  // namespace

std::string ScreenToText(const TextScreen& screen) {
  std::string text;
  for (int row = 0; row < screen.rows; ++row) {
    if (row > 0) text.push_back('\n');
    text += RowText(screen, row);
  }
  return text;
}

std::string ScreenDumpText(const TextScreen& screen) {
  std::string text;
  for (int row = 0; row < screen.rows; ++row) {
    text += RowText(screen, row);
    text.push_back('\n');
  }
  return text;
}

bool WriteScreenDump(GuestConsole& guest, const std::string& path, std::string* error) {
  TextScreen screen;
  if (!EndsWithPng(path) && guest.ReadText(&screen)) {
    return WriteOutputFile(path, ScreenDumpText(screen), error);
  }
  Frame frame;
  guest.Render(&frame);
  return WritePng(path, frame, error);
}

}  // namespace m86
