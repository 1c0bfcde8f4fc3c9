#ifndef CEPOLL_H
#define CEPOLL_H
#endif
