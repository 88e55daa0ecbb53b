import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The engines' screens for the brand's staff, in one menu so the console's header stays one line. */
const ITEMS = [
  { to: '/console/repairs', label: 'repairs.nav' },
  { to: '/console/returns', label: 'returnsDesk.nav' },
  { to: '/console/claims', label: 'claims.nav' },
  { to: '/console/recoveries', label: 'recoveries.nav' },
  { to: '/console/ledger', label: 'ledger.nav' },
  { to: '/console/parts', label: 'parts.nav' },
  { to: '/console/dispatch', label: 'field.boardNav' },
  { to: '/console/technicians', label: 'technicians.nav' },
  { to: '/console/work-orders', label: 'workOrders.nav' },
  { to: '/console/contracts', label: 'contractsDesk.nav' },
  { to: '/console/invoices', label: 'invoicesDesk.nav' },
  { to: '/console/exchanges', label: 'exchanges.nav' },
  { to: '/console/loans', label: 'loans.nav' },
  { to: '/console/prices', label: 'pricesDesk.nav' },
  { to: '/console/plans', label: 'plansDesk.nav' },
  { to: '/console/repair-shops', label: 'shops.deskNav' },
];

export function EnginesMenu() {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button variant="subtle" size="compact-sm" px={4}>
          {t('repairs.operations')} ▾
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {ITEMS.map((i) => (
          <Menu.Item key={i.to} component={Link} to={i.to}>
            {t(i.label)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
