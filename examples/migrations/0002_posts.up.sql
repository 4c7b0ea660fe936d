-- Posts written by users, with a trigger keeping a counter.
create table posts (
  id integer primary key,
  user_id integer not null references users(id),
  body text not null
);
alter table users add column post_count integer not null default 0;
create trigger posts_count after insert on posts
begin
  update users set post_count = post_count + 1 where id = new.user_id;
end;
