/**
 * The mount option names each file system's parser knows in 6.1 (FsTypeInfo.optionKeys): a key
 * outside its list is EINVAL ("Unknown parameter"), or for a legacy type EINVAL at fill_super
 * (src/ops/vfs/mount-options.ts).
 */

/** fs/fs_context.c: common_set_sb_flag / common_clear_sb_flag. */
const SB_FLAG_KEYS = 'dirsync lazytime mand ro sync async nolazytime nomand rw'.split(' ');

/** mm/shmem.c: shmem_fs_parameters (6.1). */
const TMPFS_KEYS = 'gid huge mode mpol nr_blocks nr_inodes size uid inode32 inode64'.split(' ');

/** fs/ext4/super.c: ext4_param_specs (6.1), the parameters of all the types the ext4 driver registers. */
const EXT4_KEYS = [
  'bsddf minixdf grpid bsdgroups nogrpid sysvgroups resgid resuid sb errors nouid32 debug oldalloc',
  'orlov user_xattr acl norecovery noload bh nobh commit min_batch_time max_batch_time journal_dev',
  'journal_path journal_checksum nojournal_checksum journal_async_commit abort data data_err',
  'usrjquota grpjquota jqfmt grpquota quota noquota usrquota prjquota barrier nobarrier i_version',
  'dax stripe delalloc nodelalloc warn_on_error nowarn_on_error debug_want_extra_isize',
  'mblk_io_submit nomblk_io_submit block_validity noblock_validity inode_readahead_blks',
  'journal_ioprio auto_da_alloc noauto_da_alloc dioread_nolock nodioread_nolock dioread_lock',
  'discard nodiscard init_itable noinit_itable max_dir_size_kb test_dummy_encryption inlinecrypt',
  'nombcache no_mbcache prefetch_block_bitmaps no_prefetch_block_bitmaps mb_optimize_scan check',
  'nocheck reservation noreservation journal',
]
  .join(' ')
  .split(' ');

/** fs/btrfs/super.c: tokens (6.1; btrfs still parses the whole string itself, btrfs_parse_options). */
const BTRFS_KEYS = [
  'acl noacl clear_cache commit compress compress-force degraded device fatal_errors flushoncommit',
  'noflushoncommit inode_cache noinode_cache max_inline barrier nobarrier datacow nodatacow datasum',
  'nodatasum autodefrag noautodefrag discard nodiscard norecovery metadata_ratio rescan_uuid_tree',
  'skip_balance space_cache nospace_cache ssd nossd ssd_spread nossd_spread thread_pool treelog',
  'notreelog user_subvol_rm_allowed rescue nologreplay usebackuproot recovery check_int',
  'check_int_data check_int_print_mask enospc_debug noenospc_debug fragment ref_verify',
]
  .join(' ')
  .split(' ');

/** What each parser takes: the VFS's superblock flags first (vfs_parse_sb_flag), then its own. */
export const TMPFS_OPTION_KEYS: readonly string[] = [...SB_FLAG_KEYS, ...TMPFS_KEYS];
export const EXT4_OPTION_KEYS: readonly string[] = [...SB_FLAG_KEYS, ...EXT4_KEYS];
/** A legacy type: mount(2)'s whole string goes to btrfs_parse_options, which knows only its tokens. */
export const BTRFS_OPTION_KEYS: readonly string[] = BTRFS_KEYS;
