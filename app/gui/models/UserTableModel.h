#pragma once

// One page of a service-location's user table (cgn.users): each subscriber, its public
// address, port blocks and session counts against its limits.

#include "CgnPageModel.h"

namespace tandem::gui {

class UserTableModel final : public CgnPageModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UserTableModel)

public:
    enum Column
    {
        User,
        PublicAddress,
        PortBlocks,
        Sessions,
        Tcp,
        Udp,
        Icmp,
        SessionLimit,
        ColumnCount
    };

    explicit UserTableModel(QObject* parent = nullptr);

protected:
    QString columnTitle(int column) const override;
    QVariant rawValue(const QJsonObject& row, int column) const override;
    bool isNumeric(int column) const override;
};

} // namespace tandem::gui
