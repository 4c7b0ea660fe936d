-- Sample data (sectioned, dbmate style). 0010 sorts after 0002: ids compare naturally.
-- migrate:up
insert into users (id, email) values (1, 'ada@example.com');
insert into posts (user_id, body) values (1, 'hello; world');

-- migrate:down
delete from posts;
delete from users;
