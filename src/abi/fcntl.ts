// include/uapi/asm-generic/fcntl.h, linux/fs.h: open flags and lseek whence values.
export const O_RDONLY = 0;
export const O_WRONLY = 1;
export const O_RDWR = 2;
export const O_ACCMODE = 3;

export const SEEK_SET = 0;
export const SEEK_CUR = 1;
export const SEEK_END = 2;
