#include "log.hpp"

#include <cstdio>
#include <mutex>

namespace kiosk {
namespace {

std::mutex sink_mutex;

void write_to_stderr(LogLevel level, const std::string& message) {
    // The sd-daemon prefixes let journald store the priority without libsystemd.
    const char* prefix = level == LogLevel::error ? "<3>" : level == LogLevel::warning ? "<4>" : "<6>";
    std::fprintf(stderr, "%skiosk: %s\n", prefix, message.c_str());
}

LogSink& current_sink() {
    static LogSink sink = write_to_stderr;
    return sink;
}

}  // namespace

LogSink set_log_sink(LogSink sink) {
    std::lock_guard lock(sink_mutex);
    LogSink previous = std::move(current_sink());
    current_sink() = sink ? std::move(sink) : LogSink(write_to_stderr);
    return previous;
}

void log(LogLevel level, const std::string& message) {
    std::lock_guard lock(sink_mutex);
    current_sink()(level, message);
}

}  // namespace kiosk
