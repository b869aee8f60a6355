#include "FailoverPanel.h"

#include "models/SwitchoverModel.h"
#include "widgets/FailoverTimeline.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace tandem::gui {

FailoverPanel::FailoverPanel(SwitchoverModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_list(new QTableView(this)),
      m_timeline(new FailoverTimeline(this)), m_export(new QPushButton(tr("&Export…"), this))
{
    m_list->setModel(m_model);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setAlternatingRowColors(true);
    m_list->verticalHeader()->hide();
    m_list->setWordWrap(false);
    m_list->horizontalHeader()->setStretchLastSection(false);
    m_list->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_export->setToolTip(tr("Save the selected switchover as a PNG timeline and JSON"));
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_export->setEnabled(false);

    auto* title = new QLabel(tr("Recorded switchovers"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto* top = new QHBoxLayout;
    top->addWidget(title);
    top->addStretch(1);
    top->addWidget(m_export);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_list);
    splitter->addWidget(m_timeline);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &FailoverPanel::onSelectionChanged);
    connect(m_export, &QPushButton::clicked, this, &FailoverPanel::chooseExport);
    // The newest switchover is what a user wants to see when one happens.
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex&, int, int last) {
                m_list->resizeColumnsToContents();
                if (last == m_model->rowCount() - 1)
                    select(last);
            });
}

void FailoverPanel::select(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    m_list->selectRow(row);
    m_list->scrollTo(m_model->index(row, 0));
}

void FailoverPanel::onSelectionChanged()
{
    const QModelIndexList rows = m_list->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        m_timeline->setRecord(std::nullopt);
        m_export->setEnabled(false);
        return;
    }
    m_timeline->setRecord(m_model->record(rows.first().row()));
    m_export->setEnabled(true);
}

bool FailoverPanel::exportSelected(const QString& pngPath, const QString& jsonPath,
                                   QString* error) const
{
    if (!m_timeline->record()) {
        *error = tr("No switchover is selected");
        return false;
    }
    if (!m_timeline->grab().save(pngPath, "PNG")) {
        *error = tr("Cannot write %1").arg(pngPath);
        return false;
    }
    QSaveFile json(jsonPath);
    if (!json.open(QIODevice::WriteOnly) ||
        json.write(QJsonDocument(m_timeline->record()->toJson()).toJson()) < 0 || !json.commit()) {
        *error = tr("Cannot write %1: %2").arg(jsonPath, json.errorString());
        return false;
    }
    return true;
}

void FailoverPanel::chooseExport()
{
    const QString png = QFileDialog::getSaveFileName(
        this, tr("Export switchover"), QStringLiteral("switchover.png"), tr("PNG image (*.png)"));
    if (png.isEmpty())
        return;
    const QFileInfo info(png);
    const QString json = info.dir().filePath(info.completeBaseName() + QStringLiteral(".json"));
    QString error;
    if (!exportSelected(png, json, &error))
        QMessageBox::warning(this, tr("Export failed"), error);
}

} // namespace tandem::gui
