#include "JsonRpc.h"

#include <QJsonDocument>

namespace tandem::protocol {

namespace {

QByteArray toBytes(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject envelope()
{
    return QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")}};
}

} // namespace

QJsonObject RpcError::toJson() const
{
    QJsonObject object{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    if (!data.isUndefined() && !data.isNull())
        object.insert(QStringLiteral("data"), data);
    return object;
}

QString RpcError::toString() const
{
    return QStringLiteral("%1 (code %2)").arg(message).arg(code);
}

RpcError makeError(ErrorCode code, const QString& message)
{
    return RpcError{int(code), message, {}};
}

QByteArray encodeRequest(qint64 id, const QString& method, const QJsonObject& params)
{
    QJsonObject object = envelope();
    object.insert(QStringLiteral("id"), id);
    object.insert(QStringLiteral("method"), method);
    object.insert(QStringLiteral("params"), params);
    return toBytes(object);
}

QByteArray encodeNotification(const QString& method, const QJsonObject& params)
{
    QJsonObject object = envelope();
    object.insert(QStringLiteral("method"), method);
    object.insert(QStringLiteral("params"), params);
    return toBytes(object);
}

QByteArray encodeResult(const QJsonValue& id, const QJsonValue& result)
{
    QJsonObject object = envelope();
    object.insert(QStringLiteral("id"), id);
    object.insert(QStringLiteral("result"), result);
    return toBytes(object);
}

QByteArray encodeError(const QJsonValue& id, const RpcError& error)
{
    QJsonObject object = envelope();
    object.insert(QStringLiteral("id"), id.isUndefined() ? QJsonValue() : id);
    object.insert(QStringLiteral("error"), error.toJson());
    return toBytes(object);
}

std::optional<Message> parseMessage(const QByteArray& payload, RpcError* error)
{
    auto fail = [error](ErrorCode code, const QString& message) {
        *error = makeError(code, message);
        return std::nullopt;
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(payload, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(ErrorCode::ParseError, QStringLiteral("invalid JSON at offset %1: %2")
                                               .arg(parseError.offset)
                                               .arg(parseError.errorString()));
    if (!document.isObject())
        return fail(ErrorCode::InvalidRequest, QStringLiteral("message is not a JSON object"));
    const QJsonObject object = document.object();
    if (object.value(QStringLiteral("jsonrpc")).toString() != QStringLiteral("2.0"))
        return fail(ErrorCode::InvalidRequest, QStringLiteral("\"jsonrpc\" must be \"2.0\""));

    Message message;
    message.id = object.value(QStringLiteral("id"));
    if (!message.id.isUndefined() && !message.id.isDouble() && !message.id.isString() &&
        !message.id.isNull())
        return fail(ErrorCode::InvalidRequest, QStringLiteral("\"id\" must be a number or string"));

    const QJsonValue method = object.value(QStringLiteral("method"));
    if (!method.isUndefined()) {
        if (!method.isString() || method.toString().isEmpty())
            return fail(ErrorCode::InvalidRequest,
                        QStringLiteral("\"method\" must be a non-empty string"));
        const QJsonValue params = object.value(QStringLiteral("params"));
        if (!params.isUndefined() && !params.isObject())
            return fail(ErrorCode::InvalidParams, QStringLiteral("\"params\" must be an object"));
        message.kind = message.id.isUndefined() ? Message::Kind::Notification
                                                : Message::Kind::Request;
        message.method = method.toString();
        message.params = params.toObject();
        return message;
    }
    if (object.contains(QStringLiteral("result"))) {
        message.kind = Message::Kind::Result;
        message.result = object.value(QStringLiteral("result"));
        return message;
    }
    const QJsonValue errorValue = object.value(QStringLiteral("error"));
    if (errorValue.isObject()) {
        const QJsonObject e = errorValue.toObject();
        message.kind = Message::Kind::Error;
        message.error = RpcError{e.value(QStringLiteral("code")).toInt(),
                                 e.value(QStringLiteral("message")).toString(),
                                 e.value(QStringLiteral("data"))};
        return message;
    }
    return fail(ErrorCode::InvalidRequest,
                QStringLiteral("message has neither \"method\", \"result\" nor \"error\""));
}

} // namespace tandem::protocol
