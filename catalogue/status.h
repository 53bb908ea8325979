// Status and Result: expected failures as values (a corrupt PDF, an unreadable file, a page that
// timed out). Shared by the catalogue, the pipeline and the CLI. Header-only.
#ifndef PROTOKOLL_CATALOGUE_STATUS_H_
#define PROTOKOLL_CATALOGUE_STATUS_H_

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace protokoll {

class Status {
 public:
  Status() = default;  // OK
  static Status Error(std::string stage, std::string message, std::string path = {}, int page = 0) {
    Status s;
    s.ok_ = false;
    s.stage_ = std::move(stage);
    s.message_ = std::move(message);
    s.path_ = std::move(path);
    s.page_ = page;
    return s;
  }
  bool ok() const { return ok_; }
  const std::string& stage() const { return stage_; }
  const std::string& message() const { return message_; }
  const std::string& path() const { return path_; }
  int page() const { return page_; }
  Status WithPath(std::string path) const {
    Status s = *this;
    s.path_ = std::move(path);
    return s;
  }
  // "protokoll: PATH: stage: reason" (page appended to the stage when known).
  std::string ToString() const {
    if (ok_) return "ok";
    std::string out = "protokoll: ";
    if (!path_.empty()) out += path_ + ": ";
    out += stage_;
    if (page_ > 0) out += " (page " + std::to_string(page_) + ")";
    out += ": " + message_;
    return out;
  }

 private:
  bool ok_ = true;
  std::string stage_, message_, path_;
  int page_ = 0;
};

// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}   // NOLINT: must not be ok
  bool ok() const { return std::holds_alternative<T>(v_); }
  T& value() { return std::get<T>(v_); }
  const T& value() const { return std::get<T>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }

 private:
  std::variant<T, Status> v_;
};

}  // namespace protokoll

#endif  // PROTOKOLL_CATALOGUE_STATUS_H_
