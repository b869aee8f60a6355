#pragma once

// The public addresses of a service-location's pools (cgn.pools), how many of each address's
// port blocks are in use and, for a load-balanced global pool, the location's subnet it is in.

#include "CgnPageModel.h"

namespace tandem::gui {

class AddressPoolModel final : public CgnPageModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddressPoolModel)

public:
    enum Column
    {
        Address,
        Group,
        BlocksUsed,
        BlocksTotal,
        Usage,
        Subnet, // the location's subnet of a load-balanced global pool that holds the address
        ColumnCount
    };

    explicit AddressPoolModel(QObject* parent = nullptr);

protected:
    QString columnTitle(int column) const override;
    QVariant rawValue(const QJsonObject& row, int column) const override;
    QVariant displayValue(const QJsonObject& row, int column) const override;
    bool isNumeric(int column) const override;
};

} // namespace tandem::gui
