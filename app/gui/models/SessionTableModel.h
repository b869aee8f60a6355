#pragma once

// One page of a service-location's session table (cgn.sessions).

#include "CgnPageModel.h"

namespace tandem::gui {

class SessionTableModel final : public CgnPageModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionTableModel)

public:
    enum Column
    {
        Id,
        Protocol,
        User,
        InsideAddress,
        InsidePort,
        OutsideAddress,
        OutsidePort,
        RemoteAddress,
        RemotePort,
        TcpState,
        ColumnCount
    };

    explicit SessionTableModel(QObject* parent = nullptr);

protected:
    QString columnTitle(int column) const override;
    QVariant rawValue(const QJsonObject& row, int column) const override;
    bool isNumeric(int column) const override;
};

} // namespace tandem::gui
