#pragma once

// First connect to a device: its certificate (TLS) or host key (SSH) fingerprint, for the user
// to compare with what the device itself prints before Tandem sends any credentials. Accepted,
// the key is pinned on that device in the inventory.

#include <QDialog>

class QPushButton;

namespace tandem::gui {

struct FingerprintRequest
{
    QString device;          // its name in the inventory
    QString address;         // host:port
    bool sshHostKey = false; // false: a TLS certificate
    QString fingerprint;     // "SHA256:…"
};

class FingerprintDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FingerprintDialog)

public:
    explicit FingerprintDialog(const FingerprintRequest& request, QWidget* parent = nullptr);

    const FingerprintRequest& request() const { return m_request; }
    QPushButton* acceptButton() const { return m_accept; }

private:
    FingerprintRequest m_request;
    QPushButton* m_accept;
};

} // namespace tandem::gui
