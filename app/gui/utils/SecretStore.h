#pragma once

// Device passwords in the desktop's keychain (QtKeychain: Secret Service, KWallet, macOS
// Keychain, Windows Credential Store), by key. Never anywhere else: where no keychain is
// available the caller is told so and nothing is written — QtKeychain's plaintext fallback
// stays off.

#include <QObject>
#include <QString>
#include <functional>

namespace tandem::gui {

class SecretStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    struct Result
    {
        enum class Status
        {
            Ok,
            NotFound,
            NoKeychain, // no keychain service on this desktop (or it cannot be reached)
            Failed      // the keychain refused (locked, access denied, …)
        };
        Status status = Status::Ok;
        QString secret;  // reads only
        QString message; // for people: what happened and what it means for them

        bool ok() const { return status == Status::Ok; }
    };
    using Callback = std::function<void(const Result&)>;

    // `service` names Tandem's entries in the keychain.
    explicit SecretStore(const QString& service = QStringLiteral("Tandem"),
                         QObject* parent = nullptr);

    // Each runs the callback once, later, from the event loop.
    void read(const QString& key, Callback done);
    void write(const QString& key, const QString& secret, Callback done);
    void remove(const QString& key, Callback done);

    QString service() const { return m_service; }

private:
    QString m_service;
};

} // namespace tandem::gui
