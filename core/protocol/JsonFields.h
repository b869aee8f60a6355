#pragma once

// Field readers for the typed messages of core/protocol and the agent handlers that read params.
//   Reader: the fields of a result or notification; remembers the first one missing or of the
//   wrong type as "context: missing field "x"" for the caller's *error.
//   ParamReader: the params of a request, optional unless asked for; the first bad one becomes
//   an InvalidParams error in the words the agent has always answered with.

#include "JsonRpc.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace tandem::protocol {

class Reader
{
public:
    Reader(const QJsonObject& object, QString context) : m_object(object), m_context(context) {}

    QString string(const char* key)
    {
        const QJsonValue value = require(key);
        if (!value.isString())
            return fail(key, "a string"), QString();
        return value.toString();
    }
    int integer(const char* key)
    {
        const QJsonValue value = require(key);
        if (!value.isDouble())
            return fail(key, "a number"), 0;
        return value.toInt();
    }
    qint64 integer64(const char* key)
    {
        const QJsonValue value = require(key);
        if (!value.isDouble())
            return fail(key, "a number"), 0;
        return qint64(value.toDouble());
    }
    bool boolean(const char* key)
    {
        const QJsonValue value = require(key);
        if (!value.isBool())
            return fail(key, "true or false"), false;
        return value.toBool();
    }
    QJsonArray array(const char* key)
    {
        const QJsonValue value = require(key);
        if (!value.isArray())
            return fail(key, "an array"), QJsonArray();
        return value.toArray();
    }
    QJsonObject object(const char* key)
    {
        const QJsonValue value = require(key);
        if (!value.isObject())
            return fail(key, "an object"), QJsonObject();
        return value.toObject();
    }
    bool has(const char* key) const
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        return !value.isUndefined() && !value.isNull();
    }
    // A nested object's own complaint, kept when it is the first.
    void nestedError(const QString& error)
    {
        if (m_error.isEmpty())
            m_error = error;
    }
    const QString& context() const { return m_context; }
    const QString& error() const { return m_error; }
    bool ok() const { return m_error.isEmpty(); }

private:
    QJsonValue require(const char* key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined() && m_error.isEmpty())
            m_error = QStringLiteral("%1: missing field \"%2\"").arg(m_context, QLatin1String(key));
        return value;
    }
    void fail(const char* key, const char* expected)
    {
        if (m_error.isEmpty())
            m_error = QStringLiteral("%1: field \"%2\" must be %3")
                          .arg(m_context, QLatin1String(key), QLatin1String(expected));
    }

    const QJsonObject& m_object;
    QString m_context;
    QString m_error;
};

class ParamReader
{
public:
    explicit ParamReader(const QJsonObject& params) : m_params(params) {}

    std::optional<QString> string(const char* key)
    {
        const QJsonValue value = m_params.value(QLatin1String(key));
        if (absent(value))
            return std::nullopt;
        if (!value.isString())
            return fail(QStringLiteral("\"%1\" must be a string").arg(QLatin1String(key)));
        return value.toString();
    }
    std::optional<int> integer(const char* key, int min, int max)
    {
        const QJsonValue value = m_params.value(QLatin1String(key));
        if (absent(value))
            return std::nullopt;
        const double number = value.toDouble(-1e300);
        if (!value.isDouble() || number != double(qint64(number)) || number < min || number > max)
            return fail(QStringLiteral("\"%1\" must be a whole number from %2 to %3")
                            .arg(QLatin1String(key))
                            .arg(min)
                            .arg(max));
        return int(number);
    }
    std::optional<bool> boolean(const char* key)
    {
        const QJsonValue value = m_params.value(QLatin1String(key));
        if (absent(value))
            return std::nullopt;
        if (!value.isBool())
            return fail(QStringLiteral("\"%1\" must be true or false").arg(QLatin1String(key)));
        return value.toBool();
    }
    // A rule across fields ("give "text" or "id", not both"), or a required one missing.
    void reject(const QString& message) { fail(message); }

    const std::optional<RpcError>& error() const { return m_error; }
    bool ok() const { return !m_error; }

private:
    static bool absent(const QJsonValue& value) { return value.isUndefined() || value.isNull(); }
    std::nullopt_t fail(const QString& message)
    {
        if (!m_error)
            m_error = makeError(ErrorCode::InvalidParams, message);
        return std::nullopt;
    }

    const QJsonObject& m_params;
    std::optional<RpcError> m_error;
};

} // namespace tandem::protocol
