#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
int main(void){ unlink("p"); mknod("p", S_IFIFO|0644, 0);
 pid_t c=fork(); if(c==0){ int fd=creat("p",0644); printf("child creat: %d\n",fd); _exit(0);} 
 usleep(200000); int r=open("p",O_RDONLY|O_NONBLOCK); printf("parent reader: %d\n",r); waitpid(c,0,0); return 0;}
