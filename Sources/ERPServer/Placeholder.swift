// ERPServer
