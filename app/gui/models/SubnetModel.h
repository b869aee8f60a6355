#pragma once

// NAT load balancing: the subnets of a device's load-balanced global pools (ha.status `pools`),
// every service-location's, with the port blocks used in each and whether it is being drained
// (no new user there; given back once empty).

#include "CgnPageModel.h"

namespace tandem::gui {

class SubnetModel final : public CgnPageModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SubnetModel)

public:
    enum Column
    {
        Subnet,
        Pool,
        ServiceLocation,
        Addresses,
        BlocksUsed,
        BlocksTotal,
        Usage,
        State,
        ColumnCount
    };

    explicit SubnetModel(QObject* parent = nullptr);

    // One row per subnet of ha.status's `pools`, each with its pool's name.
    static QJsonArray subnetRows(const QJsonArray& pools);

protected:
    QString columnTitle(int column) const override;
    QVariant rawValue(const QJsonObject& row, int column) const override;
    QVariant displayValue(const QJsonObject& row, int column) const override;
    bool isNumeric(int column) const override;
};

} // namespace tandem::gui
