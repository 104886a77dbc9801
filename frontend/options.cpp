#include "frontend/options.h"

#include <boost/program_options.hpp>
#include <sstream>
#include <vector>

#include "cpu/model.h"

namespace m86 {

namespace po = boost::program_options;

ParseResult ParseOptions(int argc, const char* const* argv) {
  ParseResult r;
  Options& o = r.options;
  std::string post_port = "0x80";
  po::options_description desc("morph86 options");
  desc.add_options()
      ("help,h", "show this help")
      ("version", "show the version")
      ("machine", po::value(&o.machine)->default_value("bare"), "machine type: bare")
      ("rom", po::value(&o.rom), "ROM image for the bare machine (ends at 0xFFFFF and 0xFFFFFFFF)")
      ("cpu", po::value(&o.cpu)->default_value("pentiumpro"),
       ("CPU model: " + std::string(ModelNames())).c_str())
      ("fpu", po::value(&o.fpu), "80386 coprocessor: 387 (default) or none")
      ("memory,m", po::value(&o.memory_mb)->default_value(16), "RAM in MiB")
      ("post-port", po::value(&post_port)->default_value("0x80"), "port whose last byte is the POST code")
      ("timeout", po::value(&o.timeout_seconds)->default_value(0), "stop after SEC seconds (status 124)")
      ("trace", po::value(&o.trace_file), "write each executed instruction with registers to FILE");
  // QEMU spells long options with one dash: turn -cpu into --cpu (not -m, a short option).
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.size() > 2 && a[0] == '-' && a[1] != '-') a = "-" + a;
    args.push_back(a);
  }
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::ostringstream help;
      help << "usage: morph86 --machine bare --rom FILE [options]\n" << desc;
      r.help = help.str();
      o.show_help = true;
      return r;
    }
    o.show_version = vm.count("version") > 0;
    if (o.show_version) return r;
  } catch (const po::error& e) {
    r.error = e.what();
    return r;
  }
  if (o.machine != "bare") {
    r.error = "unknown machine '" + o.machine + "' (available: bare)";
    return r;
  }
  if (!ModelByName(o.cpu)) {
    r.error = "unknown CPU model '" + o.cpu + "' (available: " + std::string(ModelNames()) + ")";
    return r;
  }
  if (!o.fpu.empty() && o.fpu != "387" && o.fpu != "none") {
    r.error = "unknown FPU '" + o.fpu + "' (available: 387 none)";
    return r;
  }
  if (!o.fpu.empty() && o.cpu != "80386") {
    r.error = "--fpu applies to --cpu 80386 only (the 80486 and later have the FPU built in)";
    return r;
  }
  if (o.rom.empty()) {
    r.error = "the bare machine needs --rom FILE";
    return r;
  }
  if (o.memory_mb < 1 || o.memory_mb > 3072) {
    r.error = "memory must be between 1 and 3072 MiB";
    return r;
  }
  if (o.timeout_seconds < 0) {
    r.error = "timeout must not be negative";
    return r;
  }
  try {
    size_t used = 0;
    unsigned long port = std::stoul(post_port, &used, 0);
    if (used != post_port.size() || port > 0xFFFF) throw std::out_of_range("port");
    o.post_port = static_cast<uint16_t>(port);
  } catch (const std::exception&) {
    r.error = "post-port must be a port number from 0 to 0xFFFF";
  }
  return r;
}

}  // namespace m86
