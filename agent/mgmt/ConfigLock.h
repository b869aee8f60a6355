#pragma once

// The pair lock: while a pair push (core/client/PairPush) changes a device, it holds this
// device's configuration lock under the pair change's id, so that a second push, or a plain
// commit, cannot interleave with it. A lease: it ends at its deadline unless renewed, so a
// pusher that died does not lock the device forever. In memory only — an agent restart rolls
// back a pending commit anyway.
//
// Plain logic with the time as an argument, as VrrpGroup.

#include <QString>
#include <chrono>
#include <optional>

namespace tandem::mgmt {

class ConfigLock final
{
public:
    using Clock = std::chrono::steady_clock;
    static constexpr int kMaxSeconds = 3600;

    struct Holder
    {
        QString id;
        QString user;
        Clock::time_point expires;
    };

    // Takes the lock for `id`, or renews it when `id` holds it. Refused, with a message naming
    // the holder, while another id holds it.
    std::optional<QString> acquire(const QString& id, const QString& user, std::chrono::seconds ttl,
                                   Clock::time_point now);
    // Gives it back; refused when `id` does not hold it (a lapsed lease is no error).
    std::optional<QString> release(const QString& id, Clock::time_point now);
    // Whether a change that names `lock` (nullopt: none) may go ahead now: nullopt when it may,
    // else the message for the caller.
    std::optional<QString> refuses(const std::optional<QString>& lock, Clock::time_point now) const;

    std::optional<Holder> holder(Clock::time_point now) const;

private:
    QString heldMessage(const Holder& holder, Clock::time_point now) const;

    std::optional<Holder> m_holder;
};

} // namespace tandem::mgmt
