// Chrome / Perfetto trace JSON writer (trace.h).
#include "sim/trace.h"

#include <cstdio>

namespace sim {
namespace {
constexpr int kPcpuPid = 1;
constexpr int kVcpuPid = 2;
}  // namespace

std::string json_escape(const std::string& s) {
  std::string o;
  o.reserve(s.size() + 2);
  for (char c : s) {
    switch (c) {
      case '"':
        o += "\\\"";
        break;
      case '\\':
        o += "\\\\";
        break;
      case '\n':
        o += "\\n";
        break;
      case '\t':
        o += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x",
                        static_cast<unsigned>(static_cast<unsigned char>(c)));
          o += buf;
        } else {
          o += c;
        }
    }
  }
  return o;
}

std::string trace_us(Time ns) {
  char buf[40];
  const char* sign = ns < 0 ? "-" : "";
  const Time a = ns < 0 ? -ns : ns;
  std::snprintf(buf, sizeof buf, "%s%lld.%03lld", sign, static_cast<long long>(a / 1000),
                static_cast<long long>(a % 1000));
  return buf;
}

TraceWriter::TraceWriter(std::ostream& out) : out_(out) {
  out_ << "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n";
  begin_event();
  out_ << R"({"ph":"M","pid":1,"name":"process_name","args":{"name":"pCPUs"}})";
  begin_event();
  out_ << R"({"ph":"M","pid":2,"name":"process_name","args":{"name":"vCPUs"}})";
}

TraceWriter::~TraceWriter() { finish(); }

void TraceWriter::begin_event() {
  if (!first_) out_ << ",\n";
  first_ = false;
  ++events_;
}

void TraceWriter::name_pcpu(std::uint32_t cpu) {
  begin_event();
  out_ << R"({"ph":"M","pid":1,"tid":)" << cpu << R"(,"name":"thread_name","args":{"name":"pCPU )"
       << cpu << "\"}}";
}

void TraceWriter::name_vcpu(std::uint32_t vcpu, const std::string& label) {
  begin_event();
  out_ << R"({"ph":"M","pid":2,"tid":)" << vcpu << R"(,"name":"thread_name","args":{"name":")"
       << json_escape(label) << "\"}}";
}

void TraceWriter::slice(int pid, std::uint32_t tid, const std::string& label, Time start,
                        Time end) {
  if (end <= start) return;
  begin_event();
  out_ << R"({"ph":"X","pid":)" << pid << ",\"tid\":" << tid << ",\"name\":\"" << json_escape(label)
       << "\",\"ts\":" << trace_us(start) << ",\"dur\":" << trace_us(end - start) << '}';
}

void TraceWriter::pcpu_slice(std::uint32_t cpu, const std::string& label, Time start, Time end) {
  slice(kPcpuPid, cpu, label, start, end);
}

void TraceWriter::vcpu_slice(std::uint32_t vcpu, const std::string& label, Time start, Time end) {
  slice(kVcpuPid, vcpu, label, start, end);
}

void TraceWriter::vcpu_instant(std::uint32_t vcpu, const std::string& label, Time at) {
  begin_event();
  out_ << R"({"ph":"i","s":"t","pid":2,"tid":)" << vcpu << ",\"name\":\"" << json_escape(label)
       << "\",\"ts\":" << trace_us(at) << '}';
}

void TraceWriter::finish() {
  if (finished_) return;
  finished_ = true;
  out_ << "\n]}\n";
  out_.flush();
}

}  // namespace sim
