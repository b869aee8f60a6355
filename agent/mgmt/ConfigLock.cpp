#include "ConfigLock.h"

namespace tandem::mgmt {

std::optional<ConfigLock::Holder> ConfigLock::holder(Clock::time_point now) const
{
    if (m_holder && now < m_holder->expires)
        return m_holder;
    return std::nullopt;
}

QString ConfigLock::heldMessage(const Holder& holder, Clock::time_point now) const
{
    const auto left = std::chrono::ceil<std::chrono::seconds>(holder.expires - now).count();
    return QStringLiteral("the configuration is locked by pair change '%1' of user '%2' (for "
                          "%3 s more, or until it finishes): wait for it, or change the device "
                          "through that push")
        .arg(holder.id, holder.user)
        .arg(left);
}

std::optional<QString> ConfigLock::acquire(const QString& id, const QString& user,
                                           std::chrono::seconds ttl, Clock::time_point now)
{
    if (id.isEmpty())
        return QStringLiteral("a lock needs an id (the pair change it is for)");
    if (const auto held = holder(now); held && held->id != id)
        return heldMessage(*held, now);
    m_holder = Holder{id, user, now + ttl};
    return std::nullopt;
}

std::optional<QString> ConfigLock::release(const QString& id, Clock::time_point now)
{
    const auto held = holder(now);
    if (held && held->id != id)
        return heldMessage(*held, now);
    m_holder.reset();
    return std::nullopt;
}

std::optional<QString> ConfigLock::refuses(const std::optional<QString>& lock,
                                           Clock::time_point now) const
{
    const auto held = holder(now);
    if (!held || (lock && *lock == held->id))
        return std::nullopt;
    return heldMessage(*held, now);
}

} // namespace tandem::mgmt
