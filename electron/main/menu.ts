// The native menu with the usual roles and shortcuts.
import { Menu, shell } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';

/** Installs the application menu. */
export function installMenu(): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'Handlebars guide',
          click: () => void shell.openExternal('https://handlebarsjs.com/guide/'),
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
