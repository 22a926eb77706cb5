// Entry point of the renderer (the workbench page).
export const appName = 'Prompt Workbench';
