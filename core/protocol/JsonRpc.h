#pragma once

// JSON-RPC 2.0 messages of the agent protocol (see docs/protocol.md).

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <optional>

namespace tandem::protocol {

inline constexpr auto kProtocolVersion = "1.0";

namespace method {
inline constexpr auto kHello = "hello";
inline constexpr auto kStatusGet = "status.get";
inline constexpr auto kSubscribe = "subscribe";
inline constexpr auto kUnsubscribe = "unsubscribe";
inline constexpr auto kConfigGet = "config.get";
inline constexpr auto kConfigSet = "config.set";
inline constexpr auto kConfigValidate = "config.validate";
inline constexpr auto kConfigDiff = "config.diff";
inline constexpr auto kConfigImpact = "config.impact";
inline constexpr auto kConfigCommit = "config.commit";
inline constexpr auto kConfigConfirm = "config.confirm";
inline constexpr auto kConfigCancel = "config.cancel";
inline constexpr auto kConfigRollback = "config.rollback";
inline constexpr auto kConfigHistory = "config.history";
inline constexpr auto kConfigLock = "config.lock";
inline constexpr auto kConfigUnlock = "config.unlock";
inline constexpr auto kDisplay = "display";
inline constexpr auto kAuditList = "audit.list";
// notifications (agent → client)
inline constexpr auto kStateChanged = "state.changed";
inline constexpr auto kCounters = "counters";
} // namespace method

namespace topic {
inline constexpr auto kState = "state";
inline constexpr auto kEvents = "events";
inline constexpr auto kCounters = "counters"; // sampled at each subscriber's rateHz
} // namespace topic

// JSON-RPC 2.0 codes, plus ours in the implementation-defined range.
enum class ErrorCode : int {
    ParseError = -32700,
    InvalidRequest = -32600,
    MethodNotFound = -32601,
    InvalidParams = -32602,
    InternalError = -32603,
    Unauthenticated = -32001, // hello missing or credentials wrong
    Forbidden = -32002,       // role does not allow the method
    FrameTooLarge = -32003,
    VersionMismatch = -32004,
    ConfigInvalid = -32005,  // the config does not parse or validate; data.issues says where
    CommitFailed = -32006,   // the agent could not apply or save it; nothing changed
    ConfigConflict = -32007, // a commit waits for confirmation, or none does
    TooManyClients = -32008, // the agent serves its maximum of sessions; it closes this one
    IdleTimeout = -32009,    // no request for too long and no subscription; the agent closes
};

struct RpcError
{
    int code = 0;
    QString message;
    QJsonValue data;
    QJsonObject toJson() const;
    QString toString() const; // "message (code N)"
};

RpcError makeError(ErrorCode code, const QString& message);

struct Message
{
    enum class Kind { Request, Notification, Result, Error };
    Kind kind = Kind::Request;
    QJsonValue id; // Request, Result, Error (null for an error to an unparseable request)
    QString method;     // Request, Notification
    QJsonObject params; // Request, Notification
    QJsonValue result;  // Result
    RpcError error;     // Error
};

QByteArray encodeRequest(qint64 id, const QString& method, const QJsonObject& params);
QByteArray encodeNotification(const QString& method, const QJsonObject& params);
QByteArray encodeResult(const QJsonValue& id, const QJsonValue& result);
QByteArray encodeError(const QJsonValue& id, const RpcError& error);

// Parses one frame's payload. On failure returns nullopt and fills *error with a JSON-RPC
// error naming what is wrong (bad JSON with its offset, missing "jsonrpc", bad id …).
std::optional<Message> parseMessage(const QByteArray& payload, RpcError* error);

} // namespace tandem::protocol
