// Logging for the kiosk: one line per event on stderr, which systemd's journal keeps.
// Tests swap the sink to count what was said. Never log secrets (keys, PINs, database contents).
#pragma once
#include <functional>
#include <string>

namespace kiosk {

enum class LogLevel { info, warning, error };

using LogSink = std::function<void(LogLevel, const std::string&)>;

// Replaces where log lines go; returns the previous sink so a test can restore it.
LogSink set_log_sink(LogSink sink);

void log(LogLevel level, const std::string& message);
inline void log_info(const std::string& m) { log(LogLevel::info, m); }
inline void log_warning(const std::string& m) { log(LogLevel::warning, m); }
inline void log_error(const std::string& m) { log(LogLevel::error, m); }

}  // namespace kiosk
