export declare function userChat(a: string, b: string): string;
export declare function roomChat(room: string): string;
