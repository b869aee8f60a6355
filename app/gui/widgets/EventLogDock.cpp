#include "EventLogDock.h"

#include "models/EventLogModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace tandem::gui {

EventLogDock::EventLogDock(QWidget* parent)
    : QDockWidget(tr("Event Log"), parent), m_severity(new QComboBox(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_view(new QTableView(this))
{
    setObjectName(QStringLiteral("eventLogDock"));
    for (EventLogModel::Severity s : {EventLogModel::Severity::Info, EventLogModel::Severity::Notice,
                                      EventLogModel::Severity::Warning, EventLogModel::Severity::Error})
        m_severity->addItem(tr("%1 and above").arg(EventLogModel::severityText(s)), int(s));
    m_proxy->setFilterKeyColumn(EventLogModel::Level);
    m_proxy->setFilterRole(EventLogModel::RawDataRole);
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);

    auto* page = new QWidget(this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Show"), page));
    bar->addWidget(m_severity);
    bar->addStretch(1);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    setWidget(page);

    connect(m_severity, &QComboBox::currentIndexChanged, this,
            [this] { setMinimumSeverity(m_severity->currentData().toInt()); });
    // Follow the newest event unless the user scrolled up to read.
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_view->verticalScrollBar()->value() >= m_view->verticalScrollBar()->maximum() - 2)
            m_view->scrollToBottom();
    });
    setMinimumSeverity(0);
}

void EventLogDock::setModel(EventLogModel* model)
{
    m_proxy->setSourceModel(model);
}

void EventLogDock::setMinimumSeverity(int severity)
{
    const int index = m_severity->findData(severity);
    if (index >= 0 && index != m_severity->currentIndex())
        m_severity->setCurrentIndex(index);
    m_proxy->setFilterRegularExpression(
        QRegularExpression(QStringLiteral("^[%1-3]$").arg(std::clamp(severity, 0, 3))));
}

int EventLogDock::visibleRowCount() const
{
    return m_proxy->rowCount();
}

} // namespace tandem::gui
