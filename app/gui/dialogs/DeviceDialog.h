#pragma once

// Add or edit a pair of the inventory: its name, folder and description, and for each of its
// two devices the transport (TLS or SSH), host, port, user and how to authenticate (password,
// SSH key file or ssh-agent). Passwords go to the keychain when the dialog is accepted, never
// to inventory.json; where no keychain is available the dialog says so before it closes.

#include "models/InventoryModel.h"

#include <QDialog>
#include <array>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace tandem::gui {

class SecretStore;

class DeviceDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeviceDialog)

public:
    // `folders` fill the folder choice; `secrets` receives the passwords typed here.
    DeviceDialog(const QStringList& folders, SecretStore* secrets, QWidget* parent = nullptr);

    // Editing: the pair as it is (its id is kept). Without it the dialog adds a new pair.
    void setPair(const InventoryPair& pair);
    // The pair as entered; a new pair gets its id when the dialog is made.
    InventoryPair pair() const;

    void setPassword(int side, const QString& password);
    // As typed; empty when not typed (an edit keeps the saved one).
    QString password(int side) const;
    // Set when the keychain could not take the passwords: they are kept for this run only.
    bool passwordsUnsaved() const { return m_passwordsUnsaved; }

    // The inline message: why the input cannot be saved, or what happened to the passwords.
    QString message() const;
    bool isInputValid() const;
    QPushButton* saveButton() const;

    void accept() override;

private:
    struct DeviceFields
    {
        QLineEdit* name = nullptr;
        QComboBox* transport = nullptr;
        QLineEdit* host = nullptr;
        QLineEdit* port = nullptr;
        QLineEdit* user = nullptr;
        QComboBox* auth = nullptr;
        QLineEdit* keyFile = nullptr;
        QPushButton* browse = nullptr;
        QLineEdit* password = nullptr;
        QLineEdit* pin = nullptr;
        QPushButton* forgetPin = nullptr;
        QString pinnedFingerprint;
        QString knownHostsFile;
        client::Endpoint::Transport lastTransport = client::Endpoint::Transport::Tls;
    };

    QWidget* makeDeviceBox(int side);
    void onTransportChanged(int side);
    void updateFields(int side);
    void validate();
    QString validationError() const;
    void showMessage(const QString& text, bool warning);
    void storePasswords();

    InventoryPair m_pair;
    SecretStore* m_secrets;
    QLineEdit* m_name;
    QComboBox* m_folder;
    QLineEdit* m_description;
    std::array<DeviceFields, 2> m_devices;
    QLabel* m_message;
    QDialogButtonBox* m_buttons;
    bool m_editing = false;
    bool m_storing = false;
    bool m_passwordsUnsaved = false;
};

} // namespace tandem::gui
