#pragma once

// The `config.*` methods of one agent as typed calls over an AgentClient
// (core/protocol/ConfigMessages.h): PairPush, the GUI and tests build requests and get results
// or the agent's error, never raw JSON. Asynchronous, as AgentClient: each callback runs once,
// on the client's thread.

#include "client/AgentClient.h"
#include "protocol/ConfigMessages.h"
#include "protocol/DeviceStatus.h"

#include <QPointer>
#include <functional>
#include <variant>

namespace tandem::client {

// A value or the error that stands in its place: the agent's, or a local one (connection
// dropped, call timed out, an answer that does not parse — code InternalError).
template <class T>
class CallResult
{
public:
    CallResult(T value) : m_value(std::move(value)) {}
    CallResult(protocol::RpcError error) : m_value(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_value); }
    const T& value() const { return std::get<T>(m_value); }
    const protocol::RpcError& error() const { return std::get<protocol::RpcError>(m_value); }
    // The error's message; empty when ok.
    QString errorText() const { return ok() ? QString() : error().message; }

private:
    std::variant<T, protocol::RpcError> m_value;
};

// What `status.get` says, with the hot-backup part read as HotBackupMonitor reads it.
struct StatusSnapshot
{
    protocol::DeviceStatus device;
    QJsonObject raw; // the whole answer, for the parts not typed here (hotBackup, alarms)
};

class ConfigClient final
{
public:
    template <class T>
    using Callback = std::function<void(const CallResult<T>&)>;

    // Not owned; calls fail with a local error once it is gone.
    explicit ConfigClient(AgentClient* client) : m_client(client) {}

    void get(const protocol::ConfigGetRequest& request, Callback<protocol::ConfigGetResult> done);
    void set(const protocol::ConfigSetRequest& request, Callback<protocol::ConfigSetResult> done);
    void validate(const protocol::ConfigValidateRequest& request,
                  Callback<protocol::ConfigValidateResult> done);
    void diff(const protocol::ConfigDiffRequest& request, Callback<protocol::ConfigDiffResult> done);
    void commit(const protocol::ConfigCommitRequest& request,
                Callback<protocol::CommitRecord> done);
    void confirm(const protocol::ConfigConfirmRequest& request,
                 Callback<protocol::CommitRecord> done);
    void cancel(const protocol::ConfigCancelRequest& request, Callback<protocol::CommitRecord> done);
    void rollback(const protocol::ConfigRollbackRequest& request,
                  Callback<protocol::CommitRecord> done);
    void history(Callback<protocol::ConfigHistoryResult> done);
    void lock(const protocol::ConfigLockRequest& request, Callback<protocol::ConfigLockResult> done);
    void unlock(const protocol::ConfigUnlockRequest& request, Callback<QJsonObject> done);
    // status.get, typed: what PairPush verifies a pair against.
    void status(Callback<StatusSnapshot> done);

    AgentClient* agent() const { return m_client; }

private:
    // Calls `method` and reads the answer with `parse` (a result's fromJson).
    template <class T>
    void call(const char* method, const QJsonObject& params,
              std::function<std::optional<T>(const QJsonObject&, QString*)> parse,
              Callback<T> done);

    QPointer<AgentClient> m_client;
};

} // namespace tandem::client
