#include "ConfigClient.h"

namespace tandem::client {

using namespace protocol;

template <class T>
void ConfigClient::call(const char* method, const QJsonObject& params,
                        std::function<std::optional<T>(const QJsonObject&, QString*)> parse,
                        Callback<T> done)
{
    const QString name = QLatin1String(method);
    if (!m_client)
        return done(makeError(ErrorCode::InternalError,
                              QStringLiteral("%1: the connection is gone").arg(name)));
    m_client->call(name, params,
                   [name, parse = std::move(parse), done = std::move(done)](
                       const QJsonValue& result, const std::optional<RpcError>& error) {
                       if (error)
                           return done(*error);
                       QString message;
                       if (std::optional<T> value = parse(result.toObject(), &message))
                           return done(std::move(*value));
                       done(makeError(ErrorCode::InternalError,
                                      QStringLiteral("the agent's answer to %1 does not parse: %2")
                                          .arg(name, message)));
                   });
}

void ConfigClient::get(const ConfigGetRequest& request, Callback<ConfigGetResult> done)
{
    call<ConfigGetResult>(method::kConfigGet, request.toJson(), &ConfigGetResult::fromJson,
                          std::move(done));
}

void ConfigClient::set(const ConfigSetRequest& request, Callback<ConfigSetResult> done)
{
    call<ConfigSetResult>(method::kConfigSet, request.toJson(), &ConfigSetResult::fromJson,
                          std::move(done));
}

void ConfigClient::validate(const ConfigValidateRequest& request,
                            Callback<ConfigValidateResult> done)
{
    call<ConfigValidateResult>(method::kConfigValidate, request.toJson(),
                               &ConfigValidateResult::fromJson, std::move(done));
}

void ConfigClient::diff(const ConfigDiffRequest& request, Callback<ConfigDiffResult> done)
{
    call<ConfigDiffResult>(method::kConfigDiff, request.toJson(), &ConfigDiffResult::fromJson,
                           std::move(done));
}

void ConfigClient::commit(const ConfigCommitRequest& request, Callback<CommitRecord> done)
{
    call<CommitRecord>(method::kConfigCommit, request.toJson(), &CommitRecord::fromJson,
                       std::move(done));
}

void ConfigClient::confirm(const ConfigConfirmRequest& request, Callback<CommitRecord> done)
{
    call<CommitRecord>(method::kConfigConfirm, request.toJson(), &CommitRecord::fromJson,
                       std::move(done));
}

void ConfigClient::cancel(const ConfigCancelRequest& request, Callback<CommitRecord> done)
{
    call<CommitRecord>(method::kConfigCancel, request.toJson(), &CommitRecord::fromJson,
                       std::move(done));
}

void ConfigClient::rollback(const ConfigRollbackRequest& request, Callback<CommitRecord> done)
{
    call<CommitRecord>(method::kConfigRollback, request.toJson(), &CommitRecord::fromJson,
                       std::move(done));
}

void ConfigClient::history(Callback<ConfigHistoryResult> done)
{
    call<ConfigHistoryResult>(method::kConfigHistory, {}, &ConfigHistoryResult::fromJson,
                              std::move(done));
}

void ConfigClient::lock(const ConfigLockRequest& request, Callback<ConfigLockResult> done)
{
    call<ConfigLockResult>(method::kConfigLock, request.toJson(), &ConfigLockResult::fromJson,
                           std::move(done));
}

void ConfigClient::unlock(const ConfigUnlockRequest& request, Callback<QJsonObject> done)
{
    call<QJsonObject>(
        method::kConfigUnlock, request.toJson(),
        [](const QJsonObject& json, QString*) { return std::optional<QJsonObject>(json); },
        std::move(done));
}

void ConfigClient::status(Callback<StatusSnapshot> done)
{
    call<StatusSnapshot>(
        method::kStatusGet, {},
        [](const QJsonObject& json, QString* error) -> std::optional<StatusSnapshot> {
            auto device = DeviceStatus::fromJson(json, error);
            if (!device)
                return std::nullopt;
            return StatusSnapshot{std::move(*device), json};
        },
        std::move(done));
}

} // namespace tandem::client
