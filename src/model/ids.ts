// Ids are plain numbers so a World serialises with JSON.stringify; the brands keep them apart in types.
export type InodeId = number & { readonly __brand: 'InodeId' };
export type DentryId = number & { readonly __brand: 'DentryId' };
export type MountId = number & { readonly __brand: 'MountId' };
export type SuperBlockId = number & { readonly __brand: 'SuperBlockId' };
export type FileId = number & { readonly __brand: 'FileId' };
export type MntNsId = number & { readonly __brand: 'MntNsId' };
export type FdTableId = number & { readonly __brand: 'FdTableId' };
export type Pid = number;
export type Fd = number;
