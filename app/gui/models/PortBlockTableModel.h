#pragma once

// The port blocks of one page of users (cgn.users): one row per block, with its user, public
// address, port range and the ports in use per protocol. Paged with the users, so a page
// never holds more than the users asked for.

#include "CgnPageModel.h"

namespace tandem::gui {

class PortBlockTableModel final : public CgnPageModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PortBlockTableModel)

public:
    enum Column
    {
        User,
        PublicAddress,
        Block,
        Ports,
        Tcp,
        Udp,
        Icmp,
        Utilisation, // percent of the block's ports in use or held
        ColumnCount
    };

    explicit PortBlockTableModel(QObject* parent = nullptr);

    // One row per block of every user of a cgn.users page.
    static QJsonArray blockRows(const QJsonArray& users);

protected:
    QString columnTitle(int column) const override;
    QVariant rawValue(const QJsonObject& row, int column) const override;
    QVariant displayValue(const QJsonObject& row, int column) const override;
    bool isNumeric(int column) const override;
};

} // namespace tandem::gui
